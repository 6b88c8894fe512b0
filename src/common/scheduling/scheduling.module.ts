import { Global, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { PeriodicTasks } from './periodic-tasks.js';

@Global()
@Module({ imports: [ScheduleModule.forRoot()], providers: [PeriodicTasks], exports: [PeriodicTasks] })
export class SchedulingModule {}
