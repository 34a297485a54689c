import type { FastifyInstance } from 'fastify';
import {
  deviceVerifyRequestSchema,
  emailChangeRequestSchema,
  flowParamsSchema,
  flowRequestSchema,
  loginRequestSchema,
  methodRequestSchema,
  modifyChooseRequestSchema,
  otpVerifyRequestSchema,
  phoneRequestSchema,
  termsAcceptRequestSchema,
} from '../../src-shared/api-schemas';
import type { AuthService } from '../services/auth-service';
import type { FactorService } from '../services/factor-service';
import { parseInput } from './parse';

/** Sign-in, enrollment and modify routes: each parses its body and answers the flow's next step. */
export function registerAuthRoutes(app: FastifyInstance, auth: AuthService, factors: FactorService): void {
  const flowId = (body: unknown): string => parseInput(flowRequestSchema, body).flowId;

  app.post('/v1/auth/login', async (request) => auth.login(parseInput(loginRequestSchema, request.body)));

  app.post('/v1/auth/device/verify', async (request) => {
    const body = parseInput(deviceVerifyRequestSchema, request.body);
    return auth.verifyDevice(body.flowId, body.deviceId, body.signature);
  });

  app.get('/v1/auth/flows/:flowId', async (request) =>
    auth.current(parseInput(flowParamsSchema, request.params).flowId),
  );

  app.post('/v1/auth/enroll/opt-out', async (request) => auth.optOut(flowId(request.body)));
  app.post('/v1/auth/enroll/start', async (request) => factors.startEnrollment(flowId(request.body)));
  app.post('/v1/auth/email/keep', async (request) => factors.keepEmail(flowId(request.body)));
  app.post('/v1/auth/email/change', async (request) => {
    const body = parseInput(emailChangeRequestSchema, request.body);
    return factors.changeEmail(body.flowId, body.email);
  });
  app.post('/v1/auth/email/resend-link', async (request) => factors.resendLink(flowId(request.body)));
  app.post('/v1/auth/method', async (request) => {
    const body = parseInput(methodRequestSchema, request.body);
    return factors.chooseMethod(body.flowId, body.method);
  });
  app.post('/v1/auth/phone', async (request) => {
    const body = parseInput(phoneRequestSchema, request.body);
    return factors.submitPhone(body.flowId, body.phone);
  });

  app.post('/v1/auth/otp/verify', async (request) => {
    const body = parseInput(otpVerifyRequestSchema, request.body);
    return auth.verifyOtp(body.flowId, body.code, body.rememberDevice);
  });
  app.post('/v1/auth/otp/resend', async (request) => auth.resendOtp(flowId(request.body)));
  app.post('/v1/auth/otp/switch', async (request) => auth.switchOtp(flowId(request.body)));

  app.post('/v1/auth/modify/continue', async (request) => factors.continueModify(flowId(request.body)));
  app.post('/v1/auth/modify/cancel', async (request) => factors.cancelModify(flowId(request.body)));
  app.post('/v1/auth/modify/choose', async (request) => {
    const body = parseInput(modifyChooseRequestSchema, request.body);
    return factors.chooseFactor(body.flowId, body.factor);
  });

  app.post('/v1/auth/terms/accept', async (request) => {
    const body = parseInput(termsAcceptRequestSchema, request.body);
    return auth.acceptTerms(body.flowId, body.version);
  });
  app.post('/v1/auth/terms/decline', async (request) => auth.declineTerms(flowId(request.body)));
}
