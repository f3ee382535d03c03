// What the numbers ran on: CPU model and count, load average, Node version (printed beside every table).
import * as os from 'node:os';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memGiB: number;
  loadavg: [number, number, number];
  node: string;
  platform: string;
}

export function machineInfo(): MachineInfo {
  const l = os.loadavg();
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    loadavg: [Number(l[0]!.toFixed(2)), Number(l[1]!.toFixed(2)), Number(l[2]!.toFixed(2))],
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}
