// The inspection workflow: its lifecycle (a pure state machine), the
// framework's timings, what the team records and the one authorisation
// table. Its tables live in the store (src/store/workflow-repo.ts); its web
// routes in src/workflow/web/ (an encapsulated Fastify plugin).
export * from './machine.ts';
export * from './timings.ts';
export * from './content.ts';
export * from './access.ts';
