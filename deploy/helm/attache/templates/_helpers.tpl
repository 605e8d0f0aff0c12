{{/* The release's full name: the release name when it already contains the chart's name. */}}
{{- define "attache.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "attache.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "attache.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Selects the pods: stable across upgrades, so never the chart version. */}}
{{- define "attache.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "attache.labels" -}}
{{ include "attache.selectorLabels" . }}
app.kubernetes.io/part-of: attache
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ default .Release.Service .Values.managedBy }}
{{- if not .Values.managedBy }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}
{{- end -}}

{{/* `attache run` arguments from the values; defaults are left out so the command stays short. */}}
{{- define "attache.args" -}}
- --kubernetes
# The health server binds 127.0.0.1 by default: 0.0.0.0 lets the kubelet's probes in
# (diagnostics still answer loopback clients only).
- --health-host
- 0.0.0.0
{{- if ne (int .Values.ports.health) 8877 }}
- --health-port
- {{ .Values.ports.health | quote }}
{{- end }}
{{- if ne (int .Values.ports.http) 8080 }}
- --listener-port
- {{ .Values.ports.http | quote }}
{{- end }}
{{- if ne .Values.ambassadorId "default" }}
- --ambassador-id
- {{ .Values.ambassadorId | quote }}
{{- end }}
{{- with .Values.watchNamespaces }}
- --namespace
- {{ join "," . | quote }}
{{- end }}
- --drain-time-s
- {{ .Values.drainTimeSeconds | quote }}
- --shutdown-grace-s
- {{ .Values.shutdownGraceSeconds | quote }}
{{- range .Values.extraArgs }}
- {{ . | quote }}
{{- end }}
{{- end -}}
