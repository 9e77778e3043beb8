{{- define "mist.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}{{ .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "mist.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "mist.selector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The Secret holding the database password: an existing one, or the chart's own. */}}
{{- define "mist.databaseSecret" -}}
{{- .Values.database.existingSecret | default (printf "%s-database" (include "mist.fullname" .)) -}}
{{- end -}}

{{- define "mist.objectsSecret" -}}
{{- .Values.objectStore.existingSecret | default (printf "%s-objects" (include "mist.fullname" .)) -}}
{{- end -}}
