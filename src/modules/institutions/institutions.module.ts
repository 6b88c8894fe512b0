import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { InstitutionProfileController, InstitutionsController } from './institutions.controller.js';
import { InstitutionsRepository } from './institutions.repository.js';
import { InstitutionsService } from './institutions.service.js';

@Module({
  imports: [UsersModule],
  controllers: [InstitutionProfileController, InstitutionsController],
  providers: [InstitutionsRepository, InstitutionsService],
  exports: [InstitutionsService],
})
export class InstitutionsModule {}
