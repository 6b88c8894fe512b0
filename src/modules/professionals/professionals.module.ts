import { Module } from '@nestjs/common';
import { ReliabilityModule } from '../reliability/reliability.module.js';
import { UsersModule } from '../users/users.module.js';
import { ProfessionalProfileController, ProfessionalsController } from './professionals.controller.js';
import { ProfessionalsRepository } from './professionals.repository.js';
import { ProfessionalsService } from './professionals.service.js';

@Module({
  imports: [UsersModule, ReliabilityModule],
  controllers: [ProfessionalProfileController, ProfessionalsController],
  providers: [ProfessionalsRepository, ProfessionalsService],
  exports: [ProfessionalsService],
})
export class ProfessionalsModule {}
