// Contracts every module may import: the dialog's events, call outcomes, Asia/Tokyo dates and
// 30-minute slots. A leaf: imports nothing of ours (docs/architecture.md).
export * from './events.js';
export * from './outcomes.js';
export * from './tokyo-time.js';
