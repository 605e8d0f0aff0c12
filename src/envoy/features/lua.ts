// Module `lua_scripts`: inline Lua run on every request and response of the listener.
import { LuaSchema } from "#gen/envoy/extensions/filters/http/lua/v3/lua_pb.js";
import { typed } from "../values.js";
import type { Feature } from "./feature.js";

export const lua: Feature = {
  name: "lua",
  goldenCases: ["feature-module-filters"],
  httpFilter: {
    slot: "lua",
    name: "envoy.filters.http.lua",
    onListener: (_l, s) => (s.luaScript !== undefined ? { config: typed(LuaSchema, { defaultSourceCode: { inlineString: s.luaScript } }) } : undefined),
  },
};
