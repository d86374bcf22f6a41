{{/*
One Deployment of the service image. Called with a dict:
  root         the chart's context
  component    api | workers (label app.kubernetes.io/component)
  name         the Deployment's name
  pod          the values of this role (api or workers: replicas, resources, placement)
  jobWorkers   ROADSCAN_WORKERS of these pods (0: API only)
  feedWorkers  ROADSCAN_FEED_WORKERS of these pods
  autoscaled   true when an HPA owns the replica count
*/}}
{{- define "roadscan.deployment" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .name }}
  labels:
    {{- include "roadscan.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  {{- if not .autoscaled }}
  replicas: {{ .pod.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "roadscan.selectorLabels" $root | nindent 6 }}
      app.kubernetes.io/component: {{ .component }}
  {{- if $v.database.embedded }}
  # the embedded database's files must never be opened by two pods
  strategy:
    type: Recreate
  {{- else }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  {{- end }}
  template:
    metadata:
      labels:
        {{- include "roadscan.selectorLabels" $root | nindent 8 }}
        app.kubernetes.io/component: {{ .component }}
      annotations:
        checksum/config: {{ include "roadscan.configFile" $root | sha256sum }}
        checksum/secret: {{ printf "%s|%s" $v.database.url $v.auth.adminToken | sha256sum }}
        {{- if $v.metrics.podAnnotations }}
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ include "roadscan.httpPort" $root | quote }}
        prometheus.io/path: {{ $v.metrics.path | quote }}
        {{- end }}
        {{- with .pod.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "roadscan.serviceAccountName" $root }}
      automountServiceAccountToken: {{ $v.serviceAccount.automountToken }}
      {{- with $v.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $v.podSecurityContext | nindent 8 }}
      terminationGracePeriodSeconds: {{ $v.shutdown.terminationGracePeriodSeconds }}
      containers:
        - name: roadscan
          image: {{ include "roadscan.image" $root | quote }}
          imagePullPolicy: {{ $v.image.pullPolicy }}
          securityContext:
            {{- toYaml $v.securityContext | nindent 12 }}
          ports:
            - name: http
              containerPort: {{ include "roadscan.httpPort" $root }}
              protocol: TCP
          env:
            - name: ROADSCAN_CONFIG
              value: {{ include "roadscan.configPath" $root | quote }}
            # set here as well as in the file: the mounts and probes depend on them
            - name: ROADSCAN_HTTP_PORT
              value: {{ include "roadscan.httpPort" $root | quote }}
            - name: ROADSCAN_DATA_DIR
              value: {{ $v.persistence.mountPath | quote }}
            - name: ROADSCAN_MODEL_DIR
              value: {{ include "roadscan.modelDir" $root | quote }}
            - name: ROADSCAN_WORKERS
              value: {{ .jobWorkers | quote }}
            - name: ROADSCAN_FEED_WORKERS
              value: {{ .feedWorkers | quote }}
            {{- if not $v.database.embedded }}
            - name: ROADSCAN_DB_URL
              valueFrom:
                secretKeyRef:
                  {{- if $v.database.url }}
                  name: {{ include "roadscan.secretName" $root }}
                  key: ROADSCAN_DB_URL
                  {{- else if $v.database.cloudnativepg.enabled }}
                  name: {{ include "roadscan.cnpgCluster" $root }}-app
                  key: uri
                  {{- else }}
                  name: {{ $v.database.existingSecret }}
                  key: {{ $v.database.existingSecretKey }}
                  {{- end }}
            {{- end }}
            {{- if or $v.auth.existingSecret $v.auth.adminToken }}
            - name: ROADSCAN_ADMIN_TOKEN
              valueFrom:
                secretKeyRef:
                  {{- if $v.auth.existingSecret }}
                  name: {{ $v.auth.existingSecret }}
                  key: {{ $v.auth.existingSecretKey }}
                  {{- else }}
                  name: {{ include "roadscan.secretName" $root }}
                  key: ROADSCAN_ADMIN_TOKEN
                  {{- end }}
            {{- end }}
            {{- if eq $v.imageStore.type "s3" }}
            {{- $s3 := $v.imageStore.s3 }}
            - name: ROADSCAN_IMAGE_STORE
              value: "s3"
            {{- if $s3.endpoint }}
            - name: ROADSCAN_S3_ENDPOINT
              value: {{ $s3.endpoint | quote }}
            {{- end }}
            {{- if $s3.region }}
            - name: ROADSCAN_S3_REGION
              value: {{ $s3.region | quote }}
            {{- end }}
            - name: ROADSCAN_S3_BUCKET
              value: {{ $s3.bucket | quote }}
            {{- if $s3.prefix }}
            - name: ROADSCAN_S3_PREFIX
              value: {{ $s3.prefix | quote }}
            {{- end }}
            - name: ROADSCAN_S3_ACCESS_KEY
              valueFrom:
                secretKeyRef:
                  name: {{ $s3.existingSecret }}
                  key: {{ $s3.accessKeyKey }}
            - name: ROADSCAN_S3_SECRET_KEY
              valueFrom:
                secretKeyRef:
                  name: {{ $s3.existingSecret }}
                  key: {{ $s3.secretKeyKey }}
            {{- end }}
            - name: JAVA_MAX_RAM_PERCENTAGE
              value: {{ $v.jvm.maxRamPercentage | quote }}
            # the JVM would count the node's cores without a CPU limit; PyTorch's threads follow it
            - name: JAVA_OPTS
              value: {{ printf "-XX:ActiveProcessorCount=%d %s" (include "roadscan.cores" .pod.resources | int) $v.jvm.extraOptions | trim | quote }}
            {{- with $v.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- with $v.extraEnvFrom }}
          envFrom:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          startupProbe:
            httpGet:
              path: /health/live
              port: http
            periodSeconds: {{ $v.probes.startup.periodSeconds }}
            failureThreshold: {{ $v.probes.startup.failureThreshold }}
            timeoutSeconds: {{ $v.probes.startup.timeoutSeconds }}
          livenessProbe:
            httpGet:
              path: /health/live
              port: http
            periodSeconds: {{ $v.probes.liveness.periodSeconds }}
            failureThreshold: {{ $v.probes.liveness.failureThreshold }}
            timeoutSeconds: {{ $v.probes.liveness.timeoutSeconds }}
          readinessProbe:
            httpGet:
              path: /health/ready
              port: http
            periodSeconds: {{ $v.probes.readiness.periodSeconds }}
            failureThreshold: {{ $v.probes.readiness.failureThreshold }}
            timeoutSeconds: {{ $v.probes.readiness.timeoutSeconds }}
          {{- if gt (int $v.shutdown.preStopSleepSeconds) 0 }}
          lifecycle:
            preStop:
              exec:
                command: ["sleep", {{ $v.shutdown.preStopSleepSeconds | quote }}]
          {{- end }}
          resources:
            {{- toYaml .pod.resources | nindent 12 }}
          volumeMounts:
            - name: config
              mountPath: /etc/roadscan
              readOnly: true
            - name: data
              mountPath: {{ $v.persistence.mountPath }}
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: config
          configMap:
            name: {{ include "roadscan.fullname" $root }}-config
        - name: data
          {{- if $v.persistence.enabled }}
          persistentVolumeClaim:
            claimName: {{ default (printf "%s-data" (include "roadscan.fullname" $root)) $v.persistence.existingClaim }}
          {{- else }}
          emptyDir: {}
          {{- end }}
        - name: tmp
          emptyDir:
            sizeLimit: {{ $v.tmp.sizeLimit }}
      {{- with .pod.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .pod.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .pod.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}
