import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsString, Max, Min, MinLength, ValidateNested } from 'class-validator';
import { DataSource } from 'typeorm';
import { Public } from '../../src/common/auth/auth.decorators.js';

class ProbeAddressDto {
  @IsString()
  @MinLength(2)
  city!: string;
}

export class ProbeSignupDto {
  @IsEmail()
  email!: string;

  @IsInt()
  @Min(18)
  @Max(99)
  age!: number;

  @ValidateNested()
  @Type(() => ProbeAddressDto)
  address!: ProbeAddressDto;
}

/** Requests to GET /test-probe/hold wait until the test calls this (load-shedding tests). */
export const heldRequests = {
  waiting: [] as (() => void)[],
  releaseAll(): void {
    for (const release of this.waiting.splice(0)) release();
  },
};

/** Routes that exist only in tests, to drive the error paths the real modules rarely hit. */
@Controller('test-probe')
@Public()
class ProbeController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Post('signup')
  signup(@Body() body: ProbeSignupDto): { accepted: string } {
    return { accepted: body.email };
  }

  @Get('hold')
  async hold(): Promise<{ held: true }> {
    await new Promise<void>((resolve) => heldRequests.waiting.push(resolve));
    return { held: true };
  }

  @Get('crash')
  crash(): never {
    throw new Error('Kaboom: internal detail /srv/qgig/secret.ts');
  }

  @Get('bad-sql')
  async badSql(): Promise<unknown> {
    return this.dataSource.query('SELECT password_hash FROM table_that_does_not_exist');
  }

  @Get('duplicate')
  async duplicate(): Promise<unknown> {
    // One multi-statement query, so both run on the same pooled connection (temp tables are per session).
    return this.dataSource.query(
      'CREATE TEMP TABLE IF NOT EXISTS probe_unique (v int CONSTRAINT probe_unique_v UNIQUE); ' +
        'INSERT INTO probe_unique VALUES (1), (1)',
    );
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
