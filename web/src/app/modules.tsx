import { ApartmentOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { type ComponentType, lazy, type ReactNode } from 'react';
import { areaQueries } from '../pages/areas/areas.api';
import type { Permission } from './auth';
import { queryClient } from './query';

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
    // The grids (megabytes for a city) download while the page's code does, not after it.
    Page: lazy(() => {
      void queryClient.prefetchQuery(areaQueries.geojson('grid'));
      return import('../pages/map/MapPage');
    }),
  },
  {
    key: 'areas',
    path: '/areas',
    permission: 'areas.write',
    icon: <ApartmentOutlined />,
    Page: lazy(() => import('../pages/areas/AreasPage')),
  },
];
