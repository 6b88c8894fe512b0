import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { Auth, ClientMeta, CurrentUser } from '../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { JobDto } from '../jobs/dto/job-responses.dto.js';
import {
  AttendanceCodeBodyDto,
  AttendanceCodeDto,
  CheckInDto,
  CheckOutDto,
  ShiftConfirmationDto,
} from './attendance.dto.js';
import { AttendanceService } from './attendance.service.js';

const NOT_YOURS = 'No such job of yours (or you are not its assigned professional)';
const WRONG_CODE_LIMIT =
  'Five wrong codes for this job in ten minutes: further attempts are refused until the window ends ' +
  '(rate-limited; Retry-After says when)';

@ApiTags('Shifts')
@Controller('jobs')
export class ShiftsController {
  constructor(private readonly attendance: AttendanceService) {}

  @Post(':id/confirm')
  @HttpCode(200)
  @Auth('professional')
  @ApiOperation({
    summary: 'Confirm that you will come to a booked shift (assigned professional)',
    description:
      'Unconfirmed CONFIRM_BEFORE_HOURS before the start, the shift is flagged at risk and the institution ' +
      'warned. Reminders are sent 24 hours and CONFIRM_BEFORE_HOURS + 2 hours before the start.',
  })
  @ApiOkResponse({ type: ShiftConfirmationDto })
  @ApiProblem(400, 'Bad id')
  @ApiProblem(403, 'Not a professional')
  @ApiProblem(404, NOT_YOURS)
  @ApiProblem(
    409,
    'The job is not booked (shift-not-booked: not paid), or already confirmed or attended (invalid-attendance-move)',
  )
  confirm(
    @CurrentUser() user: AuthContext,
    @UuidParam() id: string,
    @ClientMeta() meta: RequestMeta,
  ): Promise<ShiftConfirmationDto> {
    return this.attendance.confirm(user, id, meta);
  }

  @Get(':id/attendance-code')
  @Auth('institution')
  @ApiOperation({
    summary: 'The current attendance code to show the professional (the job’s institution)',
    description:
      '6 digits that change every 60 seconds (one step either side is accepted), with a QR image of it. ' +
      'Available from 30 minutes before the start until check-out (check-in closes at the planned end).',
  })
  @ApiOkResponse({ type: AttendanceCodeDto })
  @ApiProblem(400, 'Bad id')
  @ApiProblem(403, 'Not an institution')
  @ApiProblem(404, 'No such job of yours')
  @ApiProblem(
    409,
    'Not a booked shift (shift-not-booked), or outside the attendance window: earlier than 30 minutes ' +
      'before the start, after the end with nobody checked in, or after check-out (attendance-not-open)',
  )
  code(@CurrentUser() user: AuthContext, @UuidParam() id: string): Promise<AttendanceCodeDto> {
    return this.attendance.code(user, id);
  }

  @Post(':id/check-in')
  @HttpCode(200)
  @Auth('professional')
  @ApiOperation({
    summary: 'Check in with the institution’s code (assigned professional)',
    description: 'From 30 minutes before the start until the planned end. Each code checks in once.',
  })
  @ApiOkResponse({ type: CheckInDto })
  @ApiProblem(400, 'Code missing or not 6 digits, or wrong or expired (wrong-attendance-code)')
  @ApiProblem(403, 'Not a professional')
  @ApiProblem(404, NOT_YOURS)
  @ApiProblem(
    409,
    'Not a booked shift (shift-not-booked), too early or after the end (attendance-not-open), code already ' +
      'used (attendance-code-used), or already checked in (invalid-attendance-move)',
  )
  @ApiProblem(429, WRONG_CODE_LIMIT)
  checkIn(
    @CurrentUser() user: AuthContext,
    @UuidParam() id: string,
    @Body() dto: AttendanceCodeBodyDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<CheckInDto> {
    return this.attendance.checkIn(user, id, dto.code, meta);
  }

  @Post(':id/check-out')
  @HttpCode(200)
  @Auth('professional')
  @ApiOperation({
    summary: 'Check out with the institution’s code (assigned professional)',
    description: 'After check-in, once. Each code checks out once.',
  })
  @ApiOkResponse({ type: CheckOutDto })
  @ApiProblem(400, 'Code missing or not 6 digits, or wrong or expired (wrong-attendance-code)')
  @ApiProblem(403, 'Not a professional')
  @ApiProblem(404, NOT_YOURS)
  @ApiProblem(
    409,
    'Not a booked shift (shift-not-booked), code already used (attendance-code-used), or not checked in ' +
      'or already checked out (invalid-attendance-move)',
  )
  @ApiProblem(429, WRONG_CODE_LIMIT)
  checkOut(
    @CurrentUser() user: AuthContext,
    @UuidParam() id: string,
    @Body() dto: AttendanceCodeBodyDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<CheckOutDto> {
    return this.attendance.checkOut(user, id, dto.code, meta);
  }

  @Post(':id/no-show')
  @HttpCode(200)
  @Auth('institution')
  @ApiOperation({
    summary: 'Report that the professional did not come (the job’s institution)',
    description:
      'An hour after the start with nobody checked in. The job is cancelled and the payment refunded in ' +
      'full through PesaPal; the no-show counts against the professional (no compensation). Never automatic.',
  })
  @ApiOkResponse({ type: JobDto, description: 'The cancelled job (noShow: true)' })
  @ApiProblem(400, 'Bad id')
  @ApiProblem(403, 'Not an institution')
  @ApiProblem(404, 'No such job of yours')
  @ApiProblem(
    409,
    'Not a booked shift (shift-not-booked), earlier than an hour after the start (attendance-not-open), ' +
      'someone checked in (invalid-attendance-move), or a dispute is open (job-disputed)',
  )
  noShow(
    @CurrentUser() user: AuthContext,
    @UuidParam() id: string,
    @ClientMeta() meta: RequestMeta,
  ): Promise<JobDto> {
    return this.attendance.reportNoShow(user, id, meta);
  }
}
