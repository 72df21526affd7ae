import { useQuery } from '@tanstack/react-query';
import { Alert, Spin, Tree, type TreeDataNode } from 'antd';
import { type Key, useEffect, useMemo, useRef, useState } from 'react';
import { areaQueries } from '../../app/areas.api';
import type { AreaLevel, TreeNode } from '../../app/areas.model';
import { AreaLevelTag } from '../../components/AreaLevelTag';

type Node = TreeDataNode & { key: string; name: string; level: AreaLevel; children?: Node[] };

function toTreeData(items: TreeNode[], parents: Map<string, string>, parent?: string): Node[] {
  return items.map((item) => {
    if (parent) parents.set(item.code, parent);
    return {
      key: item.code,
      name: item.name,
      level: item.level,
      title: item.name,
      children: item.children.length > 0 ? toTreeData(item.children, parents, item.code) : undefined,
    };
  });
}

function useElementHeight(ref: React.RefObject<HTMLElement | null>): number {
  const [height, setHeight] = useState(400);
  useEffect(() => {
    if (!ref.current) return;
    const observer = new ResizeObserver(([entry]) =>
      setHeight(Math.max(200, Math.floor(entry.contentRect.height))),
    );
    observer.observe(ref.current);
    return () => observer.disconnect();
  }, [ref]);
  return height;
}

/** The whole area tree, virtualised (a district has thousands of grids); follows the selection. */
export function AreaTree({ selected, onSelect }: { selected: string | null; onSelect(code: string): void }) {
  const tree = useQuery(areaQueries.tree());
  const { treeData, parents } = useMemo(() => {
    const parents = new Map<string, string>();
    return { treeData: toTreeData(tree.data?.items ?? [], parents), parents };
  }, [tree.data]);
  const [expanded, setExpanded] = useState<Key[]>([]);
  const body = useRef<HTMLDivElement>(null);
  const height = useElementHeight(body);
  const treeRef = useRef<React.ComponentRef<typeof Tree>>(null);

  // Open the top two levels once the tree arrives.
  useEffect(() => {
    setExpanded(treeData.flatMap((root) => [root.key, ...(root.children ?? []).map((child) => child.key)]));
  }, [treeData]);

  // Open the selected area's ancestors and scroll it into view.
  useEffect(() => {
    if (!selected || parents.size === 0) return;
    const chain: string[] = [];
    for (let code = parents.get(selected); code; code = parents.get(code)) chain.push(code);
    setExpanded((current) => [...new Set([...current, ...chain])]);
    const timer = setTimeout(() => treeRef.current?.scrollTo({ key: selected, align: 'auto' }), 50);
    return () => clearTimeout(timer);
  }, [selected, parents]);

  return (
    <div ref={body} className="cg-areas-tree-body" data-testid="area-tree">
      {tree.isPending ? (
        <Spin />
      ) : tree.isError ? (
        <Alert type="error" showIcon title={tree.error.message} />
      ) : (
        <Tree<Node>
          ref={treeRef}
          virtual
          height={height}
          blockNode
          treeData={treeData}
          expandedKeys={expanded}
          onExpand={setExpanded}
          selectedKeys={selected ? [selected] : []}
          onSelect={(keys) => {
            if (keys.length > 0) onSelect(String(keys[0]));
          }}
          titleRender={(node) => (
            <span className="cg-areas-tree-node" data-testid={`tree-${node.key}`}>
              <AreaLevelTag level={node.level} />
              <span className="cg-areas-tree-name">{node.name}</span>
              <small>{node.key}</small>
            </span>
          )}
        />
      )}
    </div>
  );
}
