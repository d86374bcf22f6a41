{{/* Names and labels of the chart (Helm's usual shape). */}}
{{- define "roadscan.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "roadscan.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "roadscan.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "roadscan.labels" -}}
helm.sh/chart: {{ include "roadscan.chart" . }}
{{ include "roadscan.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "roadscan.selectorLabels" -}}
app.kubernetes.io/name: {{ include "roadscan.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "roadscan.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "roadscan.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "roadscan.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Where the config file is mounted; ROADSCAN_CONFIG names it. */}}
{{- define "roadscan.configPath" -}}/etc/roadscan/config.yaml{{- end }}

{{/* The model directories inside the image (see the Dockerfile). */}}
{{- define "roadscan.modelDir" -}}/opt/roadscan/models/roadscan-damage{{- end }}

{{- define "roadscan.httpPort" -}}8080{{- end }}

{{- define "roadscan.cnpgCluster" -}}
{{- default (printf "%s-db" (include "roadscan.fullname" .)) .Values.database.cloudnativepg.clusterName }}
{{- end }}

{{/* The Secret holding ROADSCAN_DB_URL and ROADSCAN_ADMIN_TOKEN when values give them. */}}
{{- define "roadscan.secretName" -}}
{{- include "roadscan.fullname" . }}
{{- end }}

{{/*
Checks the values that cannot work together; fails the render with a message naming them.
*/}}
{{- define "roadscan.validate" -}}
{{- $db := .Values.database }}
{{- if and $db.url $db.cloudnativepg.enabled }}
{{- fail "database: set either database.url or database.cloudnativepg.enabled, not both" }}
{{- end }}
{{- if $db.embedded }}
{{- if or $db.url $db.cloudnativepg.enabled }}
{{- fail "database.embedded=true excludes database.url and database.cloudnativepg.enabled" }}
{{- end }}
{{- if or .Values.workers.enabled (gt (int .Values.api.replicas) 1) .Values.autoscaling.enabled }}
{{- fail "database.embedded=true runs PostgreSQL inside the pod: set api.replicas=1, workers.enabled=false and autoscaling.enabled=false, or use an external database" }}
{{- end }}
{{- if not .Values.persistence.enabled }}
{{- fail "database.embedded=true keeps the database on the data volume: persistence.enabled must be true" }}
{{- end }}
{{- else if not (or $db.url $db.cloudnativepg.enabled $db.existingSecret) }}
{{- fail "database: set database.url, database.cloudnativepg.enabled or database.existingSecret (PostgreSQL 15+ with cube and earthdistance), or database.embedded=true for a single-pod trial" }}
{{- end }}
{{- if and .Values.auth.adminToken (lt (len .Values.auth.adminToken) 32) }}
{{- fail "auth.adminToken must be at least 32 printable characters (openssl rand -base64 32)" }}
{{- end }}
{{- if eq .Values.imageStore.type "s3" }}
{{- if not .Values.imageStore.s3.bucket }}
{{- fail "imageStore.s3.bucket is required with imageStore.type=s3" }}
{{- end }}
{{- if not .Values.imageStore.s3.existingSecret }}
{{- fail "imageStore.s3.existingSecret must name the Secret holding the access key and the secret key" }}
{{- end }}
{{- end }}
{{- if lt (int .Values.workers.jobWorkers) 1 }}
{{- fail "workers.jobWorkers must be at least 1 (API-only pods are api.*, with workers.enabled=true)" }}
{{- end }}
{{- end }}

{{/* The config file: values.config plus the keys the chart owns. */}}
{{- define "roadscan.configFile" -}}
{{- $owned := dict "http" (dict "port" (int (include "roadscan.httpPort" .))) "storage" (dict "dataDir" .Values.persistence.mountPath) "model" (dict "dir" (include "roadscan.modelDir" .)) }}
{{- toYaml (mustMergeOverwrite (deepCopy .Values.config) $owned) }}
{{- end }}

{{/* Whole cores of a resources block: the CPU limit, else the request ("1500m" → 2), else 1. */}}
{{- define "roadscan.cores" -}}
{{- $cpu := "" }}
{{- if and .limits .limits.cpu }}{{ $cpu = toString .limits.cpu }}{{ else if and .requests .requests.cpu }}{{ $cpu = toString .requests.cpu }}{{ end }}
{{- if not $cpu }}1
{{- else if hasSuffix "m" $cpu }}{{ max 1 (div (add (trimSuffix "m" $cpu | int) 999) 1000) }}
{{- else }}{{ max 1 (ceil ($cpu | float64) | int) }}
{{- end }}
{{- end }}
