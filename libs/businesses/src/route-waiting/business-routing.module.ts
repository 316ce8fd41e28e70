import { Module } from '@nestjs/common';
import { BusinessesModule } from '../businesses.module';
import { WaitingRoutingJob } from './waiting-routing.job';

/** The periodic routing of waiting business conversations: where commands run (all-in-one, the command app). */
@Module({
  imports: [BusinessesModule],
  providers: [WaitingRoutingJob],
  exports: [WaitingRoutingJob],
})
export class BusinessRoutingModule {}
