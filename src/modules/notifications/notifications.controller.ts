import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context.js';
import { Auth, CurrentUser } from '../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { NotificationPageDto, NotificationQueryDto } from './notifications.dto.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('Notifications')
@Controller('notifications')
@Auth()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'Your notifications, newest first' })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiProblem(400, 'Bad unread, limit or cursor')
  list(@CurrentUser() user: AuthContext, @Query() query: NotificationQueryDto): Promise<NotificationPageDto> {
    return this.notifications.list(user.userId, query.unread, query.limit, query.cursor);
  }

  @Post('read-all')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark all your notifications read' })
  @ApiNoContentResponse()
  readAll(@CurrentUser() user: AuthContext): Promise<void> {
    return this.notifications.markAllRead(user.userId);
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark one notification read' })
  @ApiNoContentResponse()
  @ApiProblem(404, 'No such notification of yours')
  read(@CurrentUser() user: AuthContext, @UuidParam() id: string): Promise<void> {
    return this.notifications.markRead(user.userId, id);
  }
}
