import { Module } from '@nestjs/common';
import { UserTransitions } from './user.transitions.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

@Module({
  providers: [UsersRepository, UserTransitions, UsersService],
  exports: [UsersService, UserTransitions],
})
export class UsersModule {}
