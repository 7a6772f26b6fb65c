import Lozenge from '@atlaskit/lozenge';

const levelAppearance: Record<string, 'removed' | 'moved' | 'default' | 'inprogress'> = {
  error: 'removed',
  warn: 'moved',
  info: 'inprogress',
  debug: 'default',
  trace: 'default',
};

export function LevelLozenge(props: { level: string }) {
  return <Lozenge appearance={levelAppearance[props.level] ?? 'default'}>{props.level}</Lozenge>;
}
