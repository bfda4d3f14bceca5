import { AppError } from '@cw/platform';

/** No or invalid credentials: 401. */
export class UnauthenticatedError extends AppError {
  constructor(message = 'Authentication required', code = 'UNAUTHENTICATED') {
    super(message, { code, httpStatus: 401 });
  }
}

/** Authenticated, but the role may not do this: 403. */
export class ForbiddenError extends AppError {
  constructor(message = 'Your role may not do this', code = 'FORBIDDEN') {
    super(message, { code, httpStatus: 403 });
  }
}
