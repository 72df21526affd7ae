export { IncidentBus } from './alarms.bus.ts';
export { MqttIntake } from './alarms.mqtt.ts';
export { type CamerasContext, DEFAULT_SETTINGS, makeCase as makeIncidentCase } from './alarms.service.ts';
export { camerasOnWall } from './cameras.repository.ts';
export { camerasRoutes } from './cameras.routes.ts';
export { camerasWallFigures, sweepOffline } from './cameras.service.ts';
export { DEMO_INTELLIGENT, type SimulateResult, simulateCameras } from './simulate.ts';
