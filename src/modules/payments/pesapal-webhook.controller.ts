import { applyDecorators, Controller, Get, HttpCode, Logger, Post, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBody,
  ApiConsumes,
  ApiFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/auth.decorators.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import type { AppConfig } from '../../config/configuration.js';
import { IpnAcknowledgementDto } from './dto/payments.dto.js';
import { PaymentStatusApplier } from './payment-status.applier.js';
import { acknowledgement, readNotification, type PesapalNotification } from './pesapal/ipn-notification.js';

const EXAMPLE = {
  OrderTrackingId: 'b8f1d0c2-7c57-4e7a-9a43-0e0a0f7a1c11',
  OrderMerchantReference: 'QG-5f0c…',
  OrderNotificationType: 'IPNCHANGE',
};
/** readNotification keeps 200 characters of each identifier. */
const identifier = { type: 'string', maxLength: 200 } as const;

/** The identifiers PesaPal appends, documented for Swagger UI. */
const NotificationQuery = ({ trackingIdRequired }: { trackingIdRequired: boolean }) =>
  applyDecorators(
    ApiQuery({
      name: 'OrderTrackingId',
      schema: identifier,
      required: trackingIdRequired,
      example: EXAMPLE.OrderTrackingId,
      description: trackingIdRequired ? undefined : 'Here or in the body',
    }),
    ApiQuery({
      name: 'OrderMerchantReference',
      schema: identifier,
      required: false,
      example: EXAMPLE.OrderMerchantReference,
    }),
    ApiQuery({
      name: 'OrderNotificationType',
      schema: identifier,
      required: false,
      example: EXAMPLE.OrderNotificationType,
    }),
  );

const NoOrderProblem = () =>
  ApiProblem(400, 'No OrderTrackingId: not a PesaPal notification (type invalid-notification)');

/**
 * Where PesaPal (IPN) and the payer's browser (callback) come back. Neither is trusted: both only name an
 * order, whose state we then ask PesaPal for (PaymentStatusApplier). Not rate limited: PesaPal retries and
 * may send bursts of duplicates, which are cheap and idempotent.
 */
@ApiTags('Payments')
@Controller('payments')
@Public()
@RouteConfig({ rateLimit: false })
export class PesapalWebhookController {
  private readonly logger = new Logger(PesapalWebhookController.name);
  private readonly frontendUrl: string;

  constructor(
    private readonly applier: PaymentStatusApplier,
    config: ConfigService<AppConfig, true>,
  ) {
    this.frontendUrl = config.get('http', { infer: true }).frontendUrl;
  }

  @Get('webhook')
  @ApiOperation({ summary: 'PesaPal IPN (registered as GET or POST; both work)' })
  @NotificationQuery({ trackingIdRequired: true })
  @ApiOkResponse({
    type: IpnAcknowledgementDto,
    description: 'Acknowledgement; status 500 = not processed, retry',
  })
  @NoOrderProblem()
  ipnGet(@Req() request: FastifyRequest): Promise<IpnAcknowledgementDto> {
    return this.handleIpn(readNotification(request.query));
  }

  @Post('webhook')
  @HttpCode(200)
  @ApiOperation({ summary: 'PesaPal IPN as POST (JSON or form body, or query string)' })
  @NotificationQuery({ trackingIdRequired: false })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({
    required: false,
    description: 'The identifiers, in any letter case; the query string may carry them instead',
    schema: {
      type: 'object',
      properties: {
        OrderTrackingId: identifier,
        OrderMerchantReference: identifier,
        OrderNotificationType: identifier,
      },
      example: EXAMPLE,
    },
  })
  @ApiOkResponse({
    type: IpnAcknowledgementDto,
    description: 'Acknowledgement; status 500 = not processed, retry',
  })
  @ApiProblem(400, 'No OrderTrackingId (type invalid-notification), or a body that is not valid JSON')
  @ApiProblem(415, 'A body that is neither JSON, a form nor plain text')
  ipnPost(@Req() request: FastifyRequest): Promise<IpnAcknowledgementDto> {
    return this.handleIpn(readNotification(request.body, request.query));
  }

  @Get('callback')
  @ApiOperation({ summary: 'Where PesaPal sends the payer’s browser; redirects to the SPA’s result page' })
  @NotificationQuery({ trackingIdRequired: true })
  @ApiFoundResponse({
    description: 'To the SPA’s result page; status is unknown when PesaPal could not be asked',
    headers: {
      Location: {
        description: 'FRONTEND_URL/payments/result?transactionId=…&status=…',
        schema: { type: 'string', format: 'uri' },
      },
    },
  })
  @NoOrderProblem()
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const orderTrackingId = requireOrderTrackingId(readNotification(request.query));
    const result = new URL(`${this.frontendUrl}/payments/result`);
    const tx = await this.verify(orderTrackingId);
    result.searchParams.set('transactionId', tx?.id ?? '');
    result.searchParams.set('status', tx?.status ?? 'unknown');
    await reply.redirect(result.toString(), 302);
  }

  private async handleIpn(notification: PesapalNotification): Promise<IpnAcknowledgementDto> {
    const tx = await this.verify(requireOrderTrackingId(notification));
    return acknowledgement(notification, tx !== undefined);
  }

  /** undefined when the order is not ours or PesaPal could not be asked (it will notify again). */
  private async verify(orderTrackingId: string) {
    try {
      return await this.applier.verify(orderTrackingId);
    } catch (error) {
      this.logger.warn({ err: error, orderTrackingId }, 'Could not verify a payment');
      return undefined;
    }
  }
}

/** PesaPal always names the order; a request naming none is not a notification, and retrying cannot help. */
function requireOrderTrackingId(notification: PesapalNotification): string {
  if (!notification.orderTrackingId) {
    throw new DomainError(
      'INVALID_NOTIFICATION',
      'OrderTrackingId is missing: send it in the query string (or, for a POST, in the body).',
    );
  }
  return notification.orderTrackingId;
}
