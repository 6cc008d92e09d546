// Dependency injection: decorators whose class the injector creates once per app (Angular and NestJS
// @Injectable, NestJS controllers, gateways and resolvers, typedi @Service, tsyringe @singleton).

export const SINGLETON_DECORATORS = [
  'Injectable',
  'Controller',
  'WebSocketGateway',
  'Resolver',
  'Service',
  'singleton',
];
