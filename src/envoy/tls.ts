// IR TLS -> Envoy: transport sockets whose certificates and validation contexts are SDS secrets
// read over ADS (never inline), and the Secret resources themselves. A listener or cluster
// names its secrets; rotating a certificate changes only the Secret, so no LDS/CDS update and
// no drain follows.
import type { TransportSocketJson } from "#gen/envoy/config/core/v3/base_pb.js";
import type { TlsParametersJson } from "#gen/envoy/extensions/transport_sockets/tls/v3/common_pb.js";
import type { SdsSecretConfigJson, SecretJson } from "#gen/envoy/extensions/transport_sockets/tls/v3/secret_pb.js";
import { DownstreamTlsContextSchema, UpstreamTlsContextSchema, type CommonTlsContextJson } from "#gen/envoy/extensions/transport_sockets/tls/v3/tls_pb.js";
import type { IRDownstreamTls, IRSecret, IRTlsParams, IRUpstreamTls } from "../ir/types.js";
import { ADS_CONFIG_SOURCE, compact, typed } from "./values.js";

const TLS_SOCKET = "envoy.transport_sockets.tls";

export function downstreamTlsSocket(t: IRDownstreamTls): TransportSocketJson {
  return {
    name: TLS_SOCKET,
    typedConfig: typed(DownstreamTlsContextSchema, compact({
      commonTlsContext: commonTlsContext(t.certificate, t.validation, t.alpn, t.params),
      requireClientCertificate: t.requireClientCertificate ? true : undefined,
    })),
  };
}

export function upstreamTlsSocket(u: IRUpstreamTls): TransportSocketJson {
  return {
    name: TLS_SOCKET,
    typedConfig: typed(UpstreamTlsContextSchema, compact({
      commonTlsContext: commonTlsContext(u.certificate, u.validation, u.alpn, u.params),
      sni: u.sni,
    })),
  };
}

export function secretJson(s: IRSecret): SecretJson {
  if (s.certificate) {
    return {
      name: s.name,
      tlsCertificate: { certificateChain: { inlineString: s.certificate.certChain }, privateKey: { inlineString: s.certificate.privateKey } },
    };
  }
  const v = s.validation;
  return {
    name: s.name,
    validationContext: compact({
      trustedCa: { inlineString: v?.trustedCa ?? "" },
      crl: v?.crl !== undefined ? { inlineString: v.crl } : undefined,
    }),
  };
}

/** SDS names a transport socket uses (the resource's `secretRefs`), sorted. */
export function secretNames(t: { readonly certificate?: string; readonly validation?: string }): string[] {
  return [t.certificate, t.validation].filter((n): n is string => n !== undefined).sort();
}

function commonTlsContext(certificate: string | undefined, validation: string | undefined, alpn: readonly string[], params: IRTlsParams): CommonTlsContextJson | undefined {
  const out: CommonTlsContextJson = compact({
    tlsParams: tlsParamsJson(params),
    tlsCertificateSdsSecretConfigs: certificate ? [sds(certificate)] : undefined,
    validationContextSdsSecretConfig: validation ? sds(validation) : undefined,
    alpnProtocols: alpn.length > 0 ? [...alpn] : undefined,
  });
  return Object.keys(out).length > 0 ? out : undefined;
}

function sds(name: string): SdsSecretConfigJson {
  return { name, sdsConfig: ADS_CONFIG_SOURCE };
}

function tlsParamsJson(p: IRTlsParams): TlsParametersJson | undefined {
  const out: TlsParametersJson = compact({
    tlsMinimumProtocolVersion: p.minVersion,
    tlsMaximumProtocolVersion: p.maxVersion,
    cipherSuites: p.cipherSuites ? [...p.cipherSuites] : undefined,
    ecdhCurves: p.ecdhCurves ? [...p.ecdhCurves] : undefined,
  });
  return Object.keys(out).length > 0 ? out : undefined;
}
