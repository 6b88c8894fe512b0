import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { Auth, ClientMeta, CurrentUser } from '../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { DisputeTimesheetDto, SubmitTimesheetDto, TimesheetDto } from './timesheets.dto.js';
import { TimesheetsService } from './timesheets.service.js';

@ApiTags('Timesheets')
@Controller('jobs/:id/timesheet')
export class TimesheetsController {
  constructor(private readonly timesheets: TimesheetsService) {}

  @Put()
  @Auth('professional')
  @ApiOperation({
    summary: 'Submit the hours you worked on a paid job (assigned professional)',
    description:
      'Once you checked out, or once the planned end has passed. Times are HH:MM Kampala on the job’s date; ' +
      'left out, they come from your check-in/out, else the plan. Hours above the plan count as the plan. ' +
      'You may resubmit until the institution decides; left alone for TIMESHEET_AUTO_APPROVE_HOURS it is approved.',
  })
  @ApiOkResponse({ type: TimesheetDto })
  @ApiProblem(400, 'Bad times, break or note, end not after start, or a break as long as the shift')
  @ApiProblem(403, 'Not a professional')
  @ApiProblem(404, 'No such job of yours')
  @ApiProblem(
    409,
    'Too early: not checked out and the planned end has not passed (timesheet-too-early); the job is not paid ' +
      '(job-not-paid) or disputed (job-disputed); the timesheet was already decided (invalid-timesheet-transition)',
  )
  submit(
    @CurrentUser() user: AuthContext,
    @UuidParam() id: string,
    @Body() dto: SubmitTimesheetDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<TimesheetDto> {
    return this.timesheets.submit(user, id, dto, meta);
  }

  @Get()
  @Auth()
  @ApiOperation({ summary: 'The job’s timesheet (its institution, its professional, admins)' })
  @ApiOkResponse({ type: TimesheetDto })
  @ApiProblem(400, 'Bad id')
  @ApiProblem(404, 'No such job of yours, or no timesheet submitted yet')
  get(@CurrentUser() user: AuthContext, @UuidParam() id: string): Promise<TimesheetDto> {
    return this.timesheets.get(user, id);
  }

  @Post('approve')
  @HttpCode(200)
  @Auth('institution')
  @ApiOperation({
    summary: 'Approve the timesheet: the job completes and the professional earns the approved hours',
    description:
      'Hourly jobs pay the approved hours × rate; the unworked part goes back to you (a partial refund for a ' +
      'card, credit for mobile money). Daily and fixed rates pay the plan. Approving again answers the ' +
      'approved timesheet.',
  })
  @ApiOkResponse({ type: TimesheetDto })
  @ApiProblem(400, 'Bad id')
  @ApiProblem(403, 'Not an institution')
  @ApiProblem(404, 'No such job of yours, or no timesheet submitted yet')
  @ApiProblem(
    409,
    'A dispute about the job is open (job-disputed), or the job is no longer paid (invalid-job-transition)',
  )
  approve(
    @CurrentUser() user: AuthContext,
    @UuidParam() id: string,
    @ClientMeta() meta: RequestMeta,
  ): Promise<TimesheetDto> {
    return this.timesheets.approve(user, id, meta);
  }

  @Post('dispute')
  @HttpCode(200)
  @Auth('institution')
  @ApiOperation({
    summary:
      'Dispute the timesheet: a dispute opens for an admin and the job stays paid until it is resolved',
  })
  @ApiOkResponse({ type: TimesheetDto })
  @ApiProblem(400, 'Reason missing or too long, or bad details')
  @ApiProblem(403, 'Not an institution')
  @ApiProblem(404, 'No such job of yours, or no timesheet submitted yet')
  @ApiProblem(
    409,
    'The timesheet is not submitted (invalid-timesheet-transition), or a dispute is already open (dispute-open)',
  )
  dispute(
    @CurrentUser() user: AuthContext,
    @UuidParam() id: string,
    @Body() dto: DisputeTimesheetDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<TimesheetDto> {
    return this.timesheets.dispute(user, id, dto, meta);
  }
}
