import { adminContract } from "./admin";
import { analyticsContract } from "./analytics";
import { auditContract, authContract, usersContract } from "./auth";
import { catalogContract } from "./catalog";
import { conversationsContract } from "./conversations";
import { customersContract } from "./customers";
import { digestContract, exportsContract, templatesContract } from "./exports";
import { ordersContract } from "./orders";
import { qualityContract } from "./quality-reviews";
import { findingsContract } from "./findings";
import { playgroundContract } from "./playground";

/** Every staff endpoint by name: the one description the routes, the OpenAPI document and the typed client share. */
export const staffContract = {
  ...authContract,
  ...usersContract,
  ...auditContract,
  ...conversationsContract,
  ...catalogContract,
  ...ordersContract,
  ...adminContract,
  ...qualityContract,
  ...findingsContract,
  ...playgroundContract,
  ...customersContract,
  ...analyticsContract,
  ...exportsContract,
  ...digestContract,
  ...templatesContract,
};

export type StaffContract = typeof staffContract;
export type StaffRouteName = keyof StaffContract;
