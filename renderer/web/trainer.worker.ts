// PLACEHOLDER until app/utility/session.ts lands.
export {};
