// Small route action settings: upgrades (`allow_upgrade`, `use_websocket`), `priority: high`
// (the cluster's high-priority circuit breakers apply) and `auto_host_rewrite`.
import type { Feature } from "./feature.js";

export const routeOptions: Feature = {
  name: "route-options",
  goldenCases: ["mapping-route-policies"],
  action: (r) => ({
    ...(r.upgrades?.length ? { upgradeConfigs: r.upgrades.map((upgradeType) => ({ upgradeType })) } : {}),
    ...(r.highPriority ? { priority: "HIGH" as const } : {}),
    ...(r.autoHostRewrite ? { autoHostRewrite: true } : {}),
  }),
};
