import { Module } from '@nestjs/common';
import { RatingRevealWorker } from './rating-reveal.worker.js';
import { RatingsController } from './ratings.controller.js';
import { RatingsService } from './ratings.service.js';

@Module({
  controllers: [RatingsController],
  providers: [RatingsService, RatingRevealWorker],
  exports: [RatingRevealWorker],
})
export class RatingsModule {}
