import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Profiles and credential verification: reference data (Uganda's districts, the skill catalogue),
 * professional and institution profiles, weekly availability, credential documents and in-app
 * notifications. The reference data lives here, frozen with the migration; later changes are new
 * migrations.
 */
export class Profiles1764200000000 implements MigrationInterface {
  name = 'Profiles1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE districts (
        name text NOT NULL,
        region text NOT NULL,
        CONSTRAINT districts_pkey PRIMARY KEY (name),
        CONSTRAINT districts_region_check CHECK (region IN ('Central', 'Eastern', 'Northern', 'Western'))
      )`);
    for (const [region, names] of Object.entries(DISTRICTS)) {
      await queryRunner.query(`INSERT INTO districts (name, region) SELECT unnest($1::text[]), $2`, [
        names,
        region,
      ]);
    }

    await queryRunner.query(`
      CREATE TABLE skills (
        profession text NOT NULL,
        name text NOT NULL,
        CONSTRAINT skills_pkey PRIMARY KEY (profession, name),
        CONSTRAINT skills_profession_check CHECK (profession IN ('teacher', 'nurse', 'caregiver')),
        CONSTRAINT skills_name_lower_check CHECK (name = lower(name))
      )`);
    for (const [profession, names] of Object.entries(SKILLS)) {
      await queryRunner.query(`INSERT INTO skills (profession, name) SELECT $1, unnest($2::text[])`, [
        profession,
        names,
      ]);
    }

    await queryRunner.query(`
      CREATE TABLE professionals (
        user_id uuid NOT NULL,
        profession text NOT NULL,
        bio text,
        skills text[] NOT NULL DEFAULT '{}',
        experience_years smallint NOT NULL,
        hourly_rate integer,
        daily_rate integer,
        currency text NOT NULL DEFAULT 'UGX',
        district text NOT NULL,
        verified boolean NOT NULL DEFAULT false,
        verified_at timestamptz,
        rating_count integer NOT NULL DEFAULT 0,
        rating_total integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT professionals_pkey PRIMARY KEY (user_id),
        CONSTRAINT professionals_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT professionals_district_fkey FOREIGN KEY (district) REFERENCES districts (name),
        CONSTRAINT professionals_profession_check CHECK (profession IN ('teacher', 'nurse', 'caregiver')),
        CONSTRAINT professionals_bio_check CHECK (bio IS NULL OR char_length(bio) BETWEEN 1 AND 2000),
        CONSTRAINT professionals_skills_check CHECK (cardinality(skills) <= 30),
        CONSTRAINT professionals_experience_years_check CHECK (experience_years BETWEEN 0 AND 60),
        CONSTRAINT professionals_hourly_rate_check CHECK (hourly_rate > 0),
        CONSTRAINT professionals_daily_rate_check CHECK (daily_rate > 0),
        CONSTRAINT professionals_rating_check CHECK (rating_count >= 0 AND rating_total BETWEEN rating_count AND 5 * rating_count)
      )`);
    await queryRunner.query(
      `CREATE TRIGGER professionals_touch_updated_at BEFORE UPDATE ON professionals FOR EACH ROW EXECUTE FUNCTION touch_updated_at()`,
    );
    // Candidates for a job: verified professionals of one profession.
    await queryRunner.query(
      `CREATE INDEX professionals_verified_profession_idx ON professionals (profession) WHERE verified`,
    );

    await queryRunner.query(`
      CREATE TABLE availability_slots (
        id bigint GENERATED ALWAYS AS IDENTITY,
        professional_id uuid NOT NULL,
        weekday smallint NOT NULL,
        start_time time NOT NULL,
        end_time time NOT NULL,
        CONSTRAINT availability_slots_pkey PRIMARY KEY (id),
        CONSTRAINT availability_slots_professional_id_fkey
          FOREIGN KEY (professional_id) REFERENCES professionals (user_id) ON DELETE CASCADE,
        CONSTRAINT availability_slots_weekday_check CHECK (weekday BETWEEN 0 AND 6),
        CONSTRAINT availability_slots_time_check CHECK (end_time > start_time)
      )`);
    await queryRunner.query(
      `CREATE INDEX availability_slots_professional_id_idx ON availability_slots (professional_id, weekday, start_time)`,
    );
    await queryRunner.query(
      `CREATE INDEX availability_slots_weekday_idx ON availability_slots (weekday, start_time, end_time)`,
    );

    await queryRunner.query(`
      CREATE TABLE institutions (
        user_id uuid NOT NULL,
        name text NOT NULL,
        type text NOT NULL,
        address text NOT NULL,
        district text NOT NULL,
        contact_person text NOT NULL,
        contact_phone text NOT NULL,
        contact_email citext,
        rating_count integer NOT NULL DEFAULT 0,
        rating_total integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT institutions_pkey PRIMARY KEY (user_id),
        CONSTRAINT institutions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT institutions_district_fkey FOREIGN KEY (district) REFERENCES districts (name),
        CONSTRAINT institutions_type_check CHECK (type IN ('school', 'clinic', 'hospital', 'household')),
        CONSTRAINT institutions_name_check CHECK (char_length(name) BETWEEN 2 AND 200),
        CONSTRAINT institutions_contact_phone_e164_check CHECK (contact_phone ~ '^\\+[1-9][0-9]{7,14}$'),
        CONSTRAINT institutions_rating_check CHECK (rating_count >= 0 AND rating_total BETWEEN rating_count AND 5 * rating_count)
      )`);
    await queryRunner.query(
      `CREATE TRIGGER institutions_touch_updated_at BEFORE UPDATE ON institutions FOR EACH ROW EXECUTE FUNCTION touch_updated_at()`,
    );

    await queryRunner.query(`
      CREATE TABLE documents (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        professional_id uuid NOT NULL,
        doc_type text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        content_type text NOT NULL,
        size_bytes integer NOT NULL,
        sha256 text NOT NULL,
        storage_key text NOT NULL,
        rejection_reason text,
        reviewed_by uuid,
        reviewed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT documents_pkey PRIMARY KEY (id),
        CONSTRAINT documents_storage_key_key UNIQUE (storage_key),
        CONSTRAINT documents_professional_id_fkey FOREIGN KEY (professional_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT documents_reviewed_by_fkey FOREIGN KEY (reviewed_by) REFERENCES users (id) ON DELETE SET NULL,
        CONSTRAINT documents_doc_type_check CHECK (doc_type IN ('nin', 'certificate', 'license')),
        CONSTRAINT documents_status_check CHECK (status IN ('pending', 'approved', 'rejected')),
        CONSTRAINT documents_content_type_check CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
        CONSTRAINT documents_size_check CHECK (size_bytes BETWEEN 1 AND 5242880),
        CONSTRAINT documents_reviewed_check CHECK ((status = 'pending') = (reviewed_at IS NULL)),
        CONSTRAINT documents_rejection_reason_check CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL))
      )`);
    // One document of a type waits for review at a time; a second upload is refused until it is reviewed.
    await queryRunner.query(
      `CREATE UNIQUE INDEX documents_one_pending_per_type_key ON documents (professional_id, doc_type) WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX documents_review_queue_idx ON documents (created_at, id) WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX documents_professional_id_idx ON documents (professional_id, created_at DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX documents_status_created_at_idx ON documents (status, created_at, id)`,
    );

    await queryRunner.query(`
      CREATE TABLE notifications (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        type text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        dedupe_key text NOT NULL,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notifications_pkey PRIMARY KEY (id),
        CONSTRAINT notifications_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT notifications_dedupe_key UNIQUE (user_id, dedupe_key)
      )`);
    await queryRunner.query(
      `CREATE INDEX notifications_user_id_created_at_idx ON notifications (user_id, created_at DESC, id DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'notifications',
      'documents',
      'institutions',
      'availability_slots',
      'professionals',
      'skills',
      'districts',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}

/** Uganda's districts by region (Kampala included), as gazetted by 2023. */
// prettier-ignore
const DISTRICTS: Record<string, string[]> = {
  Central: [
    'Buikwe', 'Bukomansimbi', 'Butambala', 'Buvuma', 'Gomba', 'Kalangala', 'Kalungu', 'Kampala',
    'Kassanda', 'Kayunga', 'Kiboga', 'Kyankwanzi', 'Kyotera', 'Luweero', 'Lwengo', 'Lyantonde',
    'Masaka', 'Mityana', 'Mpigi', 'Mubende', 'Mukono', 'Nakaseke', 'Nakasongola', 'Rakai', 'Sembabule',
    'Wakiso',
  ],
  Eastern: [
    'Amuria', 'Budaka', 'Bududa', 'Bugiri', 'Bugweri', 'Bukedea', 'Bukwo', 'Bulambuli', 'Busia',
    'Butaleja', 'Butebo', 'Buyende', 'Iganga', 'Jinja', 'Kaberamaido', 'Kalaki', 'Kaliro', 'Kamuli',
    'Kapchorwa', 'Kapelebyong', 'Katakwi', 'Kibuku', 'Kumi', 'Kween', 'Luuka', 'Manafwa', 'Mayuge',
    'Mbale', 'Namayingo', 'Namisindwa', 'Namutumba', 'Ngora', 'Pallisa', 'Serere', 'Sironko', 'Soroti',
    'Tororo',
  ],
  Northern: [
    'Abim', 'Adjumani', 'Agago', 'Alebtong', 'Amolatar', 'Amudat', 'Amuru', 'Apac', 'Arua', 'Dokolo',
    'Gulu', 'Kaabong', 'Karenga', 'Kitgum', 'Koboko', 'Kole', 'Kotido', 'Kwania', 'Lamwo', 'Lira',
    'Madi-Okollo', 'Maracha', 'Moroto', 'Moyo', 'Nabilatuk', 'Nakapiripirit', 'Napak', 'Nebbi', 'Nwoya',
    'Obongi', 'Omoro', 'Otuke', 'Oyam', 'Pader', 'Pakwach', 'Terego', 'Yumbe', 'Zombo',
  ],
  Western: [
    'Buhweju', 'Buliisa', 'Bundibugyo', 'Bunyangabu', 'Bushenyi', 'Hoima', 'Ibanda', 'Isingiro',
    'Kabale', 'Kabarole', 'Kagadi', 'Kakumiro', 'Kamwenge', 'Kanungu', 'Kasese', 'Kazo', 'Kibaale',
    'Kikuube', 'Kiruhura', 'Kiryandongo', 'Kisoro', 'Kitagwenda', 'Kyegegwa', 'Kyenjojo', 'Masindi',
    'Mbarara', 'Mitooma', 'Ntoroko', 'Ntungamo', 'Rubanda', 'Rubirizi', 'Rukiga', 'Rukungiri',
    'Rwampara', 'Sheema',
  ],
};

/** The skill catalogue offered per profession; professionals may add free tags beside these. */
// prettier-ignore
const SKILLS: Record<string, string[]> = {
  teacher: [
    'mathematics', 'english', 'physics', 'chemistry', 'biology', 'geography', 'history', 'literature',
    'religious education', 'kiswahili', 'luganda', 'french', 'ict', 'agriculture', 'fine art', 'music',
    'physical education', 'entrepreneurship', 'economics', 'science', 'social studies',
    'early childhood education', 'special needs education', 'sign language', 'exam preparation',
  ],
  nurse: [
    'general nursing', 'midwifery', 'paediatric nursing', 'intensive care', 'emergency care',
    'theatre nursing', 'mental health nursing', 'hiv care', 'immunisation', 'wound care',
    'iv cannulation', 'phlebotomy', 'maternal health', 'community health', 'palliative care', 'triage',
    'infection control', 'medication administration',
  ],
  caregiver: [
    'elderly care', 'childcare', 'dementia care', 'disability support', 'personal care',
    'medication reminders', 'meal preparation', 'mobility assistance', 'first aid', 'palliative support',
    'special needs children', 'night care', 'companionship', 'housekeeping',
  ],
};
