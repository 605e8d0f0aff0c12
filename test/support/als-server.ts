// A real gRPC access log service (envoy.service.accesslog.v3.AccessLogService) for tests,
// defined by hand as src/xds serves ADS: Envoy streams StreamAccessLogsMessages to it and the
// server keeps every entry with the log name its stream announced.
import { Server, ServerCredentials, type MethodDefinition, type ServerReadableStream, type sendUnaryData } from "@grpc/grpc-js";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  StreamAccessLogsMessageSchema, StreamAccessLogsResponseSchema,
  type StreamAccessLogsMessage, type StreamAccessLogsResponse,
} from "#gen/envoy/service/accesslog/v3/als_pb.js";
import type { HTTPAccessLogEntry, TCPAccessLogEntry } from "#gen/envoy/data/accesslog/v3/accesslog_pb.js";

export interface AlsServer {
  readonly port: number;
  /** HTTP entries received, oldest first, with the log name of their stream. */
  readonly http: { readonly logName: string; readonly entry: HTTPAccessLogEntry }[];
  readonly tcp: { readonly logName: string; readonly entry: TCPAccessLogEntry }[];
  stop(): Promise<void>;
}

const streamAccessLogs: MethodDefinition<StreamAccessLogsMessage, StreamAccessLogsResponse> = {
  path: "/envoy.service.accesslog.v3.AccessLogService/StreamAccessLogs",
  requestStream: true,
  responseStream: false,
  requestSerialize: (m) => Buffer.from(toBinary(StreamAccessLogsMessageSchema, m)),
  requestDeserialize: (b) => fromBinary(StreamAccessLogsMessageSchema, b),
  responseSerialize: (m) => Buffer.from(toBinary(StreamAccessLogsResponseSchema, m)),
  responseDeserialize: (b) => fromBinary(StreamAccessLogsResponseSchema, b),
};

export async function startAlsServer(): Promise<AlsServer> {
  const http: AlsServer["http"][number][] = [];
  const tcp: AlsServer["tcp"][number][] = [];
  const server = new Server();
  server.addService({ StreamAccessLogs: streamAccessLogs }, {
    StreamAccessLogs: (call: ServerReadableStream<StreamAccessLogsMessage, StreamAccessLogsResponse>, done: sendUnaryData<StreamAccessLogsResponse>) => {
      // Only a stream's first message carries the identifier.
      let logName = "";
      call.on("data", (m: StreamAccessLogsMessage) => {
        logName = m.identifier?.logName ?? logName;
        if (m.logEntries.case === "httpLogs") for (const entry of m.logEntries.value.logEntry) http.push({ logName, entry });
        if (m.logEntries.case === "tcpLogs") for (const entry of m.logEntries.value.logEntry) tcp.push({ logName, entry });
      });
      call.on("end", () => done(null, create(StreamAccessLogsResponseSchema)));
      call.on("error", () => undefined);
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  return {
    port, http, tcp,
    stop: () => new Promise<void>((resolve) => {
      server.forceShutdown();
      resolve();
    }),
  };
}
