import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { NotificationSettingsResponse, PushSubscriptionResponse, PushSubscriptionsResponse } from '@chat/contracts';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { ResendEmailCodeCommand } from './email-verification/resend-email-code.command';
import { VerifyNotificationEmailCommand } from './email-verification/verify-notification-email.command';
import { VerifyNotificationEmailDto } from './email-verification/verify-notification-email.dto';
import { ListPushSubscriptionsQuery } from './push-subscriptions/list-push-subscriptions.query';
import { RegisterPushSubscriptionCommand } from './push-subscriptions/register-push-subscription.command';
import { RegisterPushSubscriptionDto } from './push-subscriptions/register-push-subscription.dto';
import { RemovePushSubscriptionCommand } from './push-subscriptions/remove-push-subscription.command';
import { GetNotificationSettingsQuery } from './settings/get-notification-settings.query';
import { UpdateNotificationSettingsCommand } from './settings/update-notification-settings.command';
import { UpdateNotificationSettingsDto } from './settings/update-notification-settings.dto';

/** My notification settings, the verification of my notification address, and the browsers I registered for Web Push (see @chat/contracts notifications). */
@ApiTags('notifications')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/me')
export class NotificationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('notifications')
  settings(@CurrentPrincipal() p: Principal): Promise<NotificationSettingsResponse> {
    return this.queries.execute(new GetNotificationSettingsQuery(p));
  }

  @Patch('notifications')
  updateSettings(@CurrentPrincipal() p: Principal, @Body() body: UpdateNotificationSettingsDto): Promise<NotificationSettingsResponse> {
    return this.commands.execute(new UpdateNotificationSettingsCommand(p, body));
  }

  @Post('notifications/email-verification')
  @HttpCode(200)
  verifyEmail(@CurrentPrincipal() p: Principal, @Body() body: VerifyNotificationEmailDto): Promise<NotificationSettingsResponse> {
    return this.commands.execute(new VerifyNotificationEmailCommand(p, body.code));
  }

  @Post('notifications/email-verification/resend')
  @HttpCode(200)
  resendEmailCode(@CurrentPrincipal() p: Principal): Promise<NotificationSettingsResponse> {
    return this.commands.execute(new ResendEmailCodeCommand(p));
  }

  @Get('push-subscriptions')
  async subscriptions(@CurrentPrincipal() p: Principal): Promise<PushSubscriptionsResponse> {
    return { subscriptions: await this.queries.execute(new ListPushSubscriptionsQuery(p)) };
  }

  @Post('push-subscriptions')
  async register(@CurrentPrincipal() p: Principal, @Body() body: RegisterPushSubscriptionDto, @Res({ passthrough: true }) res: Response): Promise<PushSubscriptionResponse> {
    const { subscription, created } = await this.commands.execute(new RegisterPushSubscriptionCommand(p, { endpoint: body.endpoint, keys: { p256dh: body.keys.p256dh, auth: body.keys.auth } }));
    res.status(created ? 201 : 200);
    return { subscription };
  }

  @Delete('push-subscriptions/:id')
  @HttpCode(204)
  async remove(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.commands.execute(new RemovePushSubscriptionCommand(p, id));
  }
}
