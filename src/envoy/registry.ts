// The protobuf registry for every Envoy message attache puts in a config, including those
// carried inside Any fields (`typed_config`): encoding and proto3 JSON both resolve `@type`
// through it. A type missing here makes encoding fail loudly, never silently.
import { createRegistry, type Registry } from "@bufbuild/protobuf";
import { file_google_protobuf_any, file_google_protobuf_duration, file_google_protobuf_struct, file_google_protobuf_wrappers } from "@bufbuild/protobuf/wkt";
import { file_envoy_config_listener_v3_listener } from "#gen/envoy/config/listener/v3/listener_pb.js";
import { file_envoy_config_route_v3_route } from "#gen/envoy/config/route/v3/route_pb.js";
import { file_envoy_config_route_v3_route_components } from "#gen/envoy/config/route/v3/route_components_pb.js";
import { file_envoy_config_cluster_v3_cluster } from "#gen/envoy/config/cluster/v3/cluster_pb.js";
import { file_envoy_config_endpoint_v3_endpoint } from "#gen/envoy/config/endpoint/v3/endpoint_pb.js";
import { file_envoy_config_bootstrap_v3_bootstrap } from "#gen/envoy/config/bootstrap/v3/bootstrap_pb.js";
import { file_envoy_service_discovery_v3_discovery } from "#gen/envoy/service/discovery/v3/discovery_pb.js";
import { file_envoy_extensions_filters_network_http_connection_manager_v3_http_connection_manager } from "#gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb.js";
import { file_envoy_extensions_filters_http_router_v3_router } from "#gen/envoy/extensions/filters/http/router/v3/router_pb.js";
import { file_envoy_extensions_upstreams_http_v3_http_protocol_options } from "#gen/envoy/extensions/upstreams/http/v3/http_protocol_options_pb.js";
import { file_envoy_extensions_access_loggers_file_v3_file } from "#gen/envoy/extensions/access_loggers/file/v3/file_pb.js";
import { file_envoy_extensions_access_loggers_stream_v3_stream } from "#gen/envoy/extensions/access_loggers/stream/v3/stream_pb.js";
import { file_envoy_extensions_transport_sockets_tls_v3_tls } from "#gen/envoy/extensions/transport_sockets/tls/v3/tls_pb.js";
import { file_envoy_extensions_transport_sockets_tls_v3_secret } from "#gen/envoy/extensions/transport_sockets/tls/v3/secret_pb.js";
import { file_envoy_extensions_filters_listener_tls_inspector_v3_tls_inspector } from "#gen/envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector_pb.js";
import { file_envoy_extensions_filters_listener_proxy_protocol_v3_proxy_protocol } from "#gen/envoy/extensions/filters/listener/proxy_protocol/v3/proxy_protocol_pb.js";
import { file_envoy_extensions_filters_network_tcp_proxy_v3_tcp_proxy } from "#gen/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy_pb.js";
import { file_envoy_extensions_access_loggers_grpc_v3_als } from "#gen/envoy/extensions/access_loggers/grpc/v3/als_pb.js";
import { file_envoy_config_trace_v3_zipkin } from "#gen/envoy/config/trace/v3/zipkin_pb.js";
import { file_envoy_config_trace_v3_opentelemetry } from "#gen/envoy/config/trace/v3/opentelemetry_pb.js";
import { file_envoy_extensions_filters_http_health_check_v3_health_check } from "#gen/envoy/extensions/filters/http/health_check/v3/health_check_pb.js";
import { file_envoy_extensions_filters_http_cors_v3_cors } from "#gen/envoy/extensions/filters/http/cors/v3/cors_pb.js";
import { file_envoy_extensions_filters_http_compressor_v3_compressor } from "#gen/envoy/extensions/filters/http/compressor/v3/compressor_pb.js";
import { file_envoy_extensions_compression_gzip_compressor_v3_gzip } from "#gen/envoy/extensions/compression/gzip/compressor/v3/gzip_pb.js";
import { file_envoy_extensions_filters_http_grpc_web_v3_grpc_web } from "#gen/envoy/extensions/filters/http/grpc_web/v3/grpc_web_pb.js";
import { file_envoy_extensions_filters_http_lua_v3_lua } from "#gen/envoy/extensions/filters/http/lua/v3/lua_pb.js";
import { file_envoy_extensions_filters_http_buffer_v3_buffer } from "#gen/envoy/extensions/filters/http/buffer/v3/buffer_pb.js";
import { file_envoy_extensions_resource_monitors_downstream_connections_v3_downstream_connections } from "#gen/envoy/extensions/resource_monitors/downstream_connections/v3/downstream_connections_pb.js";

export const envoyRegistry: Registry = createRegistry(
  file_google_protobuf_any,
  file_google_protobuf_duration,
  file_google_protobuf_struct,
  file_google_protobuf_wrappers,
  file_envoy_config_listener_v3_listener,
  file_envoy_config_route_v3_route,
  file_envoy_config_route_v3_route_components,
  file_envoy_config_cluster_v3_cluster,
  file_envoy_config_endpoint_v3_endpoint,
  file_envoy_config_bootstrap_v3_bootstrap,
  file_envoy_service_discovery_v3_discovery,
  file_envoy_extensions_filters_network_http_connection_manager_v3_http_connection_manager,
  file_envoy_extensions_filters_http_router_v3_router,
  file_envoy_extensions_upstreams_http_v3_http_protocol_options,
  file_envoy_extensions_access_loggers_file_v3_file,
  file_envoy_extensions_access_loggers_stream_v3_stream,
  file_envoy_extensions_transport_sockets_tls_v3_tls,
  file_envoy_extensions_transport_sockets_tls_v3_secret,
  file_envoy_extensions_filters_listener_tls_inspector_v3_tls_inspector,
  file_envoy_extensions_filters_listener_proxy_protocol_v3_proxy_protocol,
  file_envoy_extensions_filters_network_tcp_proxy_v3_tcp_proxy,
  file_envoy_extensions_filters_http_health_check_v3_health_check,
  file_envoy_extensions_access_loggers_grpc_v3_als,
  file_envoy_config_trace_v3_zipkin,
  file_envoy_config_trace_v3_opentelemetry,
  file_envoy_extensions_filters_http_cors_v3_cors,
  file_envoy_extensions_filters_http_compressor_v3_compressor,
  file_envoy_extensions_compression_gzip_compressor_v3_gzip,
  file_envoy_extensions_filters_http_grpc_web_v3_grpc_web,
  file_envoy_extensions_filters_http_lua_v3_lua,
  file_envoy_extensions_filters_http_buffer_v3_buffer,
  file_envoy_extensions_resource_monitors_downstream_connections_v3_downstream_connections,
);
