import { Logger as NestLogger, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ClsMiddleware } from 'nestjs-cls';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import { ValidationError } from '../errors/api-error';
import { ApiExceptionFilter, sendApiError } from '../errors/api-exception.filter';
import { REQUEST_ID_HEADER, requestIdFrom } from '../logging/request-context';
import { chatPathAliases } from './chat-path-aliases';
import { contentSecurityPolicy } from './content-security-policy';
import { toProblems } from './validation';

/**
 * HTTP plumbing shared by every app, in the order it must run: correlation id first (so even a
 * body that fails to parse is logged and answered with its request id), then the size-limited
 * JSON parser, seed 000's `/chat` paths as the v1 routes they name, then the contract's error shape
 * for anything that fails.
 */
export function configureHttpApp(app: NestExpressApplication, config: AppConfig, title: string): void {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.use(
    new ClsMiddleware({
      generateId: true,
      idGenerator: (req: Request) => {
        const id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
        (req as Request & { id: string }).id = id;
        return id;
      },
    }).use,
  );
  // Served over https (PUBLIC_URL, or a proxy's X-Forwarded-Proto where trusted): browsers must never
  // come back over plain http (HSTS; ignored on plain http anyway, so only sent where it means something).
  const httpsOnly = config.http.publicUrl?.startsWith('https:') ?? false;
  const mediaOrigin = config.media.cdnUrl ? new URL(config.media.cdnUrl).origin : null;
  app.use((req: Request & { id: string }, res: Response, next: NextFunction) => {
    res.setHeader(REQUEST_ID_HEADER, req.id);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(req.path, req.headers.host, mediaOrigin, config.profileSource.avatarOrigins));
    if (httpsOnly || req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  });
  app.use(express.json({ limit: config.http.bodyLimitBytes }));
  app.use(chatPathAliases);
  const logger = new NestLogger('HttpBody');
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => sendApiError(res, err, logger));
  app.useGlobalFilters(new ApiExceptionFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new ValidationError(toProblems(errors)),
    }),
  );
  const openApi = new DocumentBuilder().setTitle(title).setDescription('Public contract v1: see CONTRACT.md').setVersion('1').addBearerAuth().build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'docs-json' });
}
