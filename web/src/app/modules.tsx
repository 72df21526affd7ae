import { ApartmentOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { type ComponentType, lazy, type ReactNode } from 'react';
import type { Permission } from './auth';

/** The console's modules: one entry gives both the route and the menu item. Only built modules are listed. */
export interface ConsoleModule {
  key: 'map' | 'areas';
  path: string;
  permission: Permission;
  icon: ReactNode;
  Page: ComponentType;
}

export const MODULES: ConsoleModule[] = [
  {
    key: 'map',
    path: '/map',
    permission: 'areas.read',
    icon: <EnvironmentOutlined />,
    Page: lazy(() => import('../pages/map/MapPage')),
  },
  {
    key: 'areas',
    path: '/areas',
    permission: 'areas.write',
    icon: <ApartmentOutlined />,
    Page: lazy(() => import('../pages/areas/AreasPage')),
  },
];
