import { Module } from '@nestjs/common';
import { InstitutionsModule } from '../institutions/institutions.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { ProfessionalsModule } from '../professionals/professionals.module.js';
import { RatingRevealWorker } from './rating-reveal.worker.js';
import { RatingsController } from './ratings.controller.js';
import { RatingsRepository } from './ratings.repository.js';
import { RatingsService } from './ratings.service.js';

@Module({
  imports: [JobsModule, ProfessionalsModule, InstitutionsModule],
  controllers: [RatingsController],
  providers: [RatingsRepository, RatingsService, RatingRevealWorker],
  exports: [RatingRevealWorker],
})
export class RatingsModule {}
