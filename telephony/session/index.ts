// The call session's public face: what routes.ts, the test harness and the benchmark import.
export { CallSession } from './call-session.js';
export { DEFAULT_TIMING, type CallIdentity, type Logger, type SessionDeps, type SessionProbe, type SessionTiming, type VoiceActivity } from './types.js';
