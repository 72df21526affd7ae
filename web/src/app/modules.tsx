import {
  ApartmentOutlined,
  BankOutlined,
  EnvironmentOutlined,
  HomeOutlined,
  PartitionOutlined,
  ShopOutlined,
  TeamOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import { type ComponentType, lazy, type ReactNode } from 'react';
import { areaQueries } from '../pages/areas/areas.api';
import type { Permission } from './auth';
import { queryClient } from './query';

/** The console's modules: one entry gives both the route and the menu item. Only built modules are listed. */
export interface ConsoleModule {
  key: 'map' | 'areas' | 'sizing' | 'people' | 'households' | 'places' | 'things' | 'orgs';
  path: string;
  /** Also answers `path/:id` (the page opens that record). */
  withRecord?: boolean;
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
  {
    key: 'sizing',
    path: '/grid-sizing',
    permission: 'areas.read',
    icon: <PartitionOutlined />,
    Page: lazy(() => {
      void queryClient.prefetchQuery(areaQueries.geojson('grid'));
      return import('../pages/sizing/GridSizingPage');
    }),
  },
  {
    key: 'people',
    path: '/people',
    withRecord: true,
    permission: 'registry.read',
    icon: <TeamOutlined />,
    Page: lazy(() => import('../pages/registry/PeoplePage')),
  },
  {
    key: 'households',
    path: '/households',
    withRecord: true,
    permission: 'registry.read',
    icon: <HomeOutlined />,
    Page: lazy(() => import('../pages/registry/HouseholdsPage')),
  },
  {
    key: 'places',
    path: '/places',
    permission: 'registry.read',
    icon: <BankOutlined />,
    Page: lazy(() => import('../pages/registry/PlacesPage')),
  },
  {
    key: 'things',
    path: '/things',
    withRecord: true,
    permission: 'registry.read',
    icon: <ToolOutlined />,
    Page: lazy(() => import('../pages/registry/ThingsPage')),
  },
  {
    key: 'orgs',
    path: '/orgs',
    withRecord: true,
    permission: 'registry.read',
    icon: <ShopOutlined />,
    Page: lazy(() => import('../pages/registry/OrgsPage')),
  },
];
