import type { Level } from '../api/types';

export function LevelBadge({ level }: { level: Level }) {
  return <span className={`level level-${level.toLowerCase()}`}>{level}</span>;
}
