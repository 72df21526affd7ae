import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { BUILDING_READS, HOUSE_READS } from './places.repository.ts';
import {
  type Building,
  BuildingSchema,
  BuildingsQuery,
  CreateBuildingBody,
  CreateHouseBody,
  type House,
  HouseSchema,
  HousesQuery,
  UpdateBuildingBody,
  UpdateHouseBody,
} from './places.schemas.ts';
import * as places from './places.service.ts';
import { type RetireBody, registerRecordRoutes } from './records.routes.ts';
import { buildingColumns, houseColumns } from './registry.exports.ts';

type Retire = Static<typeof RetireBody>;

export const placesRoutes: FastifyPluginAsync = async (app) => {
  const ctx = { db: app.db, pii: app.pii, gridIndex: app.gridIndex };
  registerRecordRoutes<BuildingsQuery, CreateBuildingBody, UpdateBuildingBody, Retire, Building>(app, {
    path: '/api/buildings',
    tag: 'places',
    noun: 'building',
    schemas: {
      item: BuildingSchema,
      query: BuildingsQuery,
      create: CreateBuildingBody,
      update: UpdateBuildingBody,
    },
    exportColumns: buildingColumns,
    reads: BUILDING_READS,
    service: {
      list: (auth, query) => places.listBuildings(ctx, auth, query),
      get: (auth, id) => places.getBuilding(ctx, auth, id),
      history: (auth, id) => places.placeHistory(ctx, auth, 'building', id),
      create: (auth, body) => places.createBuilding(ctx, auth, body),
      update: (auth, id, body) => places.updateBuilding(ctx, auth, id, body),
      retire: (auth, id, body) => places.retireBuilding(ctx, auth, id, body),
    },
  });
  registerRecordRoutes<HousesQuery, CreateHouseBody, UpdateHouseBody, Retire, House>(app, {
    path: '/api/houses',
    tag: 'places',
    noun: 'house',
    schemas: { item: HouseSchema, query: HousesQuery, create: CreateHouseBody, update: UpdateHouseBody },
    exportColumns: houseColumns,
    reads: HOUSE_READS,
    service: {
      list: (auth, query) => places.listHouses(ctx, auth, query),
      get: (auth, id) => places.getHouse(ctx, auth, id),
      history: (auth, id) => places.placeHistory(ctx, auth, 'house', id),
      create: (auth, body) => places.createHouse(ctx, auth, body),
      update: (auth, id, body) => places.updateHouse(ctx, auth, id, body),
      retire: (auth, id, body) => places.retireHouse(ctx, auth, id, body),
    },
  });
};
