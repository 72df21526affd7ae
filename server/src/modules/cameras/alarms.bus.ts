import { EventEmitter } from 'node:events';

/** A change to a camera incident, for the alarm wall's live stream. */
export interface IncidentChange {
  id: string;
  gridCode: string;
  alarmType: string;
  kind: 'new' | 'update' | 'decided';
}

/**
 * Incident changes of this process, told to the alarm wall's streams. One instance serves a
 * district; alarms reach it directly (HTTP or its own MQTT subscription), so no database channel.
 */
export class IncidentBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(change: IncidentChange) {
    this.emitter.emit('change', change);
  }

  subscribe(listener: (change: IncidentChange) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }
}
