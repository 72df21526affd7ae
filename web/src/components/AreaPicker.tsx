import { useQuery } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { type CSSProperties, useMemo } from 'react';
import { areaQueries, TREE_STALE_MS } from '../app/areas.api';
import type { TreeNode } from '../app/areas.model';

interface Option {
  value: string;
  title: string;
  selectable: boolean;
  children?: Option[];
}

function toOptions(nodes: TreeNode[], gridsOnly: boolean): Option[] {
  return nodes.map((node) => ({
    value: node.code,
    title: node.name,
    selectable: !gridsOnly || node.level === 'grid',
    children: node.children.length > 0 ? toOptions(node.children, gridsOnly) : undefined,
  }));
}

interface Props {
  value?: string | null;
  onChange?(code: string | null): void;
  placeholder?: string;
  /** Only grids can be chosen (where a person without a house is registered). */
  gridsOnly?: boolean;
  style?: CSSProperties;
  'data-testid'?: string;
}

/** Chooses an area of the caller's scope from the area tree (`GET /api/areas/tree`), searchable by name. */
export function AreaPicker({ value, onChange, placeholder, gridsOnly = false, style, ...rest }: Props) {
  const tree = useQuery({ ...areaQueries.tree(), staleTime: TREE_STALE_MS });
  const options = useMemo(() => toOptions(tree.data?.items ?? [], gridsOnly), [tree.data, gridsOnly]);
  return (
    <TreeSelect<string>
      data-testid={rest['data-testid']}
      style={style}
      value={value ?? undefined}
      onChange={(code) => onChange?.(code ?? null)}
      placeholder={placeholder}
      treeData={options}
      loading={tree.isPending}
      allowClear
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandedKeys={options.map((option) => option.value)}
      popupMatchSelectWidth={320}
    />
  );
}
