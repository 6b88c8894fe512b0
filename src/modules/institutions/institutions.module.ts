import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { InstitutionProfileController, InstitutionsController } from './institutions.controller.js';
import { InstitutionsService } from './institutions.service.js';

@Module({
  imports: [UsersModule],
  controllers: [InstitutionProfileController, InstitutionsController],
  providers: [InstitutionsService],
  exports: [InstitutionsService],
})
export class InstitutionsModule {}
