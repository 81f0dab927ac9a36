// The api and the worker (the migrations job is modules/migrations.bicep, deployed in the first pass).
// Every environment variable name here is one that
// platform/src/main/resources/booking-defaults.yml or an application.yml reads; required ones
// (empty default in booking-defaults.yml) are set on both apps. DeploymentConsistencyTest (module
// `local`) checks both, and that the worker's scale rule uses the task queue the code uses;
// DeploymentSafetyTest checks probes, ports, Temporal TLS and the KEDA rule.
// Conventions the tests rely on: env lists are the vars apiEnv / workerEnv (migrationsEnv in
// migrations.bicep), env names are upper-case literals, the task queue is the var temporalTaskQueue,
// one property per line.

@description('Azure region.')
param location string

@description('Resource id of the Container Apps environment.')
param environmentId string

@description('Default domain of the environment (for the api\'s own URL).')
param environmentDefaultDomain string

@description('Resource id of the user-assigned identity that pulls images and reads Key Vault.')
param identityId string

@description('Login server of the container registry, e.g. myacr.azurecr.io.')
param registryServer string

@description('Key Vault URI, ending with a slash.')
param keyVaultUri string

@description('Names of the two apps.')
param apiName string
param workerName string

@description('Full image references.')
param apiImage string
param workerImage string

@description('JDBC URL of the booking database (TLS settings included).')
param databaseUrl string

@description('The apps\' least-privilege database role (created by the migrations job); its password is the Key Vault secret database-app-password.')
param databaseUsername string

@description('Hikari pool size per replica.')
param databasePoolSize int

@description('Public booking page (links in emails).')
param baseUrl string

@description('Public address of this api for Graph webhooks; empty = the api\'s Container Apps URL.')
param webhookBaseUrl string

@description('ISO-8601 durations, see booking-defaults.yml.')
param bookingHoldTtl string
param bookingAttendanceWindow string

@description('Temporal frontend host:port, namespace and how the apps authenticate.')
param temporalAddress string
param temporalNamespace string
@allowed([
  'apiKey'
  'mtls'
  'tls'
  'none'
])
param temporalAuthMode string

@description('The environment is VNet-integrated (main.bicep privateNetworking): the only case in which Temporal may be reached without TLS.')
param privateNetworking bool

param tokenIssuer string
param tokenActiveKeyId string

param graphClientId string
param graphBaseUrl string
param graphAuthorityHost string

param zoomEnabled bool
param zoomBaseUrl string
param zoomTokenUrl string
param zoomAccountId string
param zoomClientId string
param zoomTenantCredentialsEnabled bool

@allowed([
  'temporal'
  'cpu'
])
param workerScaleMode string
param apiMinReplicas int
param apiMaxReplicas int
param apiConcurrentRequestsPerReplica int
param workerMinReplicas int
param workerMaxReplicas int
param workerTargetQueueSize int
param workerCpuUtilization int

// --- constants ------------------------------------------------------------------------------

// The workers poll this queue and the api starts workflows on it: a code contract, not a deployment
// knob. Must equal the default of TEMPORAL_TASK_QUEUE in booking-defaults.yml (tested).
var temporalTaskQueue = 'booking'

// ports from api/worker application.yml (${PORT:8080} / ${PORT:8081})
var apiPort = 8080
var workerPort = 8081
// the api's actuator (probes, /actuator/prometheus) on a port of its own that the ingress never exposes
// (api application.yml: management.server.port = ${MANAGEMENT_PORT}); 9090 as in the Dockerfile
var apiManagementPort = 9090
// the worker has no ingress at all: its actuator stays on its only port (worker application.yml)
var workerManagementPort = workerPort

// TLS to Temporal always, except plaintext chosen explicitly (temporalAuthMode none) on a private network:
// with public networking, 'none' still gets TLS (and fails against a plaintext server instead of sending
// bookings' ids and update traffic across the internet in the clear)
var temporalPlaintext = temporalAuthMode == 'none' && privateNetworking

// where the mTLS client certificate and key appear as files (Container Apps secret volume)
var temporalTlsMountPath = '/mnt/temporal-tls'

var effectiveWebhookBaseUrl = empty(webhookBaseUrl) ? 'https://${apiName}.${environmentDefaultDomain}' : webhookBaseUrl

var identity = {
  type: 'UserAssigned'
  userAssignedIdentities: {
    '${identityId}': {}
  }
}

var registries = [
  {
    server: registryServer
    identity: identityId
  }
]

// --- secrets: Container Apps secrets that are Key Vault references (read with the identity) -------

// the apps' own role, never the administrator's password (that one only the migrations job reads)
var databaseSecrets = [
  {
    name: 'database-app-password'
    keyVaultUrl: '${keyVaultUri}secrets/database-app-password'
    identity: identityId
  }
]

var coreSecrets = [
  {
    name: 'token-signing-keys'
    keyVaultUrl: '${keyVaultUri}secrets/token-signing-keys'
    identity: identityId
  }
  {
    name: 'graph-client-secret'
    keyVaultUrl: '${keyVaultUri}secrets/graph-client-secret'
    identity: identityId
  }
]

var zoomSecrets = zoomEnabled ? [
  {
    name: 'zoom-client-secret'
    keyVaultUrl: '${keyVaultUri}secrets/zoom-client-secret'
    identity: identityId
  }
] : []

var zoomTenantSecrets = zoomTenantCredentialsEnabled ? [
  {
    name: 'zoom-tenant-credentials'
    keyVaultUrl: '${keyVaultUri}secrets/zoom-tenant-credentials'
    identity: identityId
  }
] : []

var temporalApiKeySecrets = temporalAuthMode == 'apiKey' ? [
  {
    name: 'temporal-api-key'
    keyVaultUrl: '${keyVaultUri}secrets/temporal-api-key'
    identity: identityId
  }
] : []

var temporalTlsSecrets = temporalAuthMode == 'mtls' ? [
  {
    name: 'temporal-tls-cert'
    keyVaultUrl: '${keyVaultUri}secrets/temporal-tls-cert'
    identity: identityId
  }
  {
    name: 'temporal-tls-key'
    keyVaultUrl: '${keyVaultUri}secrets/temporal-tls-key'
    identity: identityId
  }
] : []

var appSecrets = concat(databaseSecrets, coreSecrets, zoomSecrets, zoomTenantSecrets, temporalApiKeySecrets, temporalTlsSecrets)

// --- environment variables --------------------------------------------------------------------

var sharedEnv = [
  {
    name: 'DATABASE_URL'
    value: databaseUrl
  }
  {
    name: 'DATABASE_USERNAME'
    value: databaseUsername
  }
  {
    name: 'DATABASE_PASSWORD'
    secretRef: 'database-app-password'
  }
  {
    name: 'DATABASE_POOL_SIZE'
    value: string(databasePoolSize)
  }
  {
    // the migrations job applies the schema before a rollout; replicas never migrate on start
    name: 'MIGRATE_ON_START'
    value: 'false'
  }
  {
    name: 'BASE_URL'
    value: baseUrl
  }
  {
    name: 'WEBHOOK_BASE_URL'
    value: effectiveWebhookBaseUrl
  }
  {
    name: 'BOOKING_HOLD_TTL'
    value: bookingHoldTtl
  }
  {
    name: 'BOOKING_ATTENDANCE_WINDOW'
    value: bookingAttendanceWindow
  }
  {
    name: 'TEMPORAL_ADDRESS'
    value: temporalAddress
  }
  {
    name: 'TEMPORAL_NAMESPACE'
    value: temporalNamespace
  }
  {
    name: 'TEMPORAL_TASK_QUEUE'
    value: temporalTaskQueue
  }
  {
    name: 'TOKEN_ISSUER'
    value: tokenIssuer
  }
  {
    name: 'TOKEN_SIGNING_KEYS'
    secretRef: 'token-signing-keys'
  }
  {
    name: 'TOKEN_ACTIVE_KEY_ID'
    value: tokenActiveKeyId
  }
  {
    name: 'PROVIDERS_MODE'
    value: 'real'
  }
  {
    name: 'GRAPH_CLIENT_ID'
    value: graphClientId
  }
  {
    name: 'GRAPH_CLIENT_SECRET'
    secretRef: 'graph-client-secret'
  }
  {
    name: 'GRAPH_BASE_URL'
    value: graphBaseUrl
  }
  {
    name: 'GRAPH_AUTHORITY_HOST'
    value: graphAuthorityHost
  }
]

var zoomEnv = zoomEnabled ? [
  {
    name: 'ZOOM_BASE_URL'
    value: zoomBaseUrl
  }
  {
    name: 'ZOOM_TOKEN_URL'
    value: zoomTokenUrl
  }
  {
    name: 'ZOOM_ACCOUNT_ID'
    value: zoomAccountId
  }
  {
    name: 'ZOOM_CLIENT_ID'
    value: zoomClientId
  }
  {
    name: 'ZOOM_CLIENT_SECRET'
    secretRef: 'zoom-client-secret'
  }
] : []

var zoomTenantEnv = zoomTenantCredentialsEnabled ? [
  {
    name: 'ZOOM_TENANT_CREDENTIALS'
    secretRef: 'zoom-tenant-credentials'
  }
] : []

var temporalApiKeyEnv = temporalAuthMode == 'apiKey' ? [
  {
    name: 'TEMPORAL_API_KEY'
    secretRef: 'temporal-api-key'
  }
] : []

// TEMPORAL_TLS: TLS with the JVM's trust store and no client credentials ('tls'); harmless beside an API key
// or mTLS, which use TLS anyway. Absent only in the plaintext case above.
var temporalTransportEnv = temporalPlaintext ? [] : [
  {
    name: 'TEMPORAL_TLS'
    value: 'true'
  }
]

var temporalTlsEnv = temporalAuthMode == 'mtls' ? [
  {
    name: 'TEMPORAL_TLS_CERT_PATH'
    value: '${temporalTlsMountPath}/client.pem'
  }
  {
    name: 'TEMPORAL_TLS_KEY_PATH'
    value: '${temporalTlsMountPath}/client.key'
  }
] : []

var apiEnv = concat(sharedEnv, zoomEnv, zoomTenantEnv, temporalApiKeyEnv, temporalTransportEnv, temporalTlsEnv, [
  {
    name: 'PORT'
    value: string(apiPort)
  }
  {
    name: 'MANAGEMENT_PORT'
    value: string(apiManagementPort)
  }
])

var workerEnv = concat(sharedEnv, zoomEnv, zoomTenantEnv, temporalApiKeyEnv, temporalTransportEnv, temporalTlsEnv, [
  {
    name: 'PORT'
    value: string(workerPort)
  }
])

// --- volumes (mTLS only) --------------------------------------------------------------------------

var temporalTlsVolumes = temporalAuthMode == 'mtls' ? [
  {
    name: 'temporal-tls'
    storageType: 'Secret'
    secrets: [
      {
        secretRef: 'temporal-tls-cert'
        path: 'client.pem'
      }
      {
        secretRef: 'temporal-tls-key'
        path: 'client.key'
      }
    ]
  }
] : []

var temporalTlsMounts = temporalAuthMode == 'mtls' ? [
  {
    volumeName: 'temporal-tls'
    mountPath: temporalTlsMountPath
  }
] : []

// --- probes ---------------------------------------------------------------------------------------

// Container Apps limits: 1 <= initialDelaySeconds <= 60, failureThreshold <= 10; successThreshold must be
// 1 for startup and liveness. The same three probes serve both apps, on each app's management port.
var probeSpecs = [
  {
    type: 'Startup'
    path: '/actuator/health/liveness'
    // the JVM and Spring need ~10 s before the port even opens on one vCPU
    initialDelaySeconds: 10
    // 10 s x 10 failures + 10 s delay = 110 s to start (Spring + the Temporal client take 15-40 s)
    periodSeconds: 10
    failureThreshold: 10
    // the liveness group does no I/O; 3 s covers a GC pause
    timeoutSeconds: 3
  }
  {
    type: 'Liveness'
    path: '/actuator/health/liveness'
    // 1 s, the platform's minimum: the startup probe already waited, liveness starts once it passed
    initialDelaySeconds: 1
    // 3 misses 10 s apart = 30 s unresponsive before a restart: long enough to ride out a full GC
    periodSeconds: 10
    failureThreshold: 3
    timeoutSeconds: 3
  }
  {
    type: 'Readiness'
    path: '/actuator/health/readiness'
    // 1 s, the platform's minimum: readiness starts with liveness, after the startup probe passed
    initialDelaySeconds: 1
    // 5 s x 3 misses: a replica that stops being ready leaves the load balancer within ~15 s
    periodSeconds: 5
    failureThreshold: 3
    timeoutSeconds: 3
  }
]

var apiProbes = [for spec in probeSpecs: {
  type: spec.type
  httpGet: {
    path: spec.path
    port: apiManagementPort
  }
  initialDelaySeconds: spec.initialDelaySeconds
  periodSeconds: spec.periodSeconds
  failureThreshold: spec.failureThreshold
  // one success is enough in every probe (and required for startup and liveness)
  successThreshold: 1
  timeoutSeconds: spec.timeoutSeconds
}]

var workerProbes = [for spec in probeSpecs: {
  type: spec.type
  httpGet: {
    path: spec.path
    port: workerManagementPort
  }
  initialDelaySeconds: spec.initialDelaySeconds
  periodSeconds: spec.periodSeconds
  failureThreshold: spec.failureThreshold
  // one success is enough in every probe (and required for startup and liveness)
  successThreshold: 1
  timeoutSeconds: spec.timeoutSeconds
}]

// --- scale rules -----------------------------------------------------------------------------------

var temporalScalerAuth = temporalAuthMode == 'apiKey' ? [
  {
    secretRef: 'temporal-api-key'
    triggerParameter: 'apiKey'
  }
] : (temporalAuthMode == 'mtls' ? [
  {
    secretRef: 'temporal-tls-cert'
    triggerParameter: 'cert'
  }
  {
    secretRef: 'temporal-tls-key'
    triggerParameter: 'key'
  }
] : [])

// KEDA `temporal` scaler: approximate backlog of the task queue. queueTypes names both kinds: KEDA's default
// is workflow tasks only, and activity tasks (Zoom, Graph, mail) are where the worker's time goes.
var workerBacklogRule = {
  name: 'temporal-backlog'
  custom: {
    type: 'temporal'
    metadata: {
      endpoint: temporalAddress
      namespace: temporalNamespace
      taskQueue: temporalTaskQueue
      queueTypes: 'workflow,activity'
      targetQueueSize: string(workerTargetQueueSize)
    }
    auth: temporalScalerAuth
  }
}

// KEDA's scaler speaks TLS only with an API key or a client certificate (kedacore/keda, pkg/scalers/temporal.go,
// buildTLSConfig): in 'tls' mode (or 'none' forced to TLS) it would dial in plaintext, so the CPU rule stays alone
var backlogRuleUsable = temporalAuthMode == 'apiKey' || temporalAuthMode == 'mtls' || temporalPlaintext

// CPU fallback (always present; the only rule when workerScaleMode = 'cpu')
var workerCpuRule = {
  name: 'cpu'
  custom: {
    type: 'cpu'
    metadata: {
      type: 'Utilization'
      value: string(workerCpuUtilization)
    }
  }
}

var workerScaleRules = workerScaleMode == 'temporal' && backlogRuleUsable ? [
  workerBacklogRule
  workerCpuRule
] : [
  workerCpuRule
]

// --- resources -------------------------------------------------------------------------------------

resource api 'Microsoft.App/containerApps@2024-03-01' = {
  name: apiName
  location: location
  identity: identity
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      // the public port only; the management port (probes, metrics) is reachable inside the replica and by the
      // platform's probes, never through the ingress
      ingress: {
        external: true
        targetPort: apiPort
        transport: 'auto'
        allowInsecure: false
      }
      registries: registries
      secrets: appSecrets
    }
    template: {
      containers: [
        {
          name: 'api'
          image: apiImage
          resources: {
            // 1 vCPU / 2 GiB: a valid Consumption pair; the JVM gets a 1.4 GiB heap (MaxRAMPercentage=70)
            cpu: json('1.0')
            memory: '2Gi'
          }
          env: apiEnv
          probes: apiProbes
          volumeMounts: temporalTlsMounts
        }
      ]
      volumes: temporalTlsVolumes
      scale: {
        minReplicas: apiMinReplicas
        maxReplicas: apiMaxReplicas
        rules: [
          {
            name: 'http-concurrency'
            http: {
              metadata: {
                concurrentRequests: string(apiConcurrentRequestsPerReplica)
              }
            }
          }
        ]
      }
    }
  }
  // worker before api, as in every rollout: the api's first Updates need a worker that knows them
  // (ARM waits for the worker's provisioning, not its health; azure/README.md polls the health in rollouts)
  dependsOn: [
    worker
  ]
}

resource worker 'Microsoft.App/containerApps@2024-03-01' = {
  name: workerName
  location: location
  identity: identity
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      // no ingress: the worker only polls Temporal; its port serves the platform's probes
      activeRevisionsMode: 'Single'
      registries: registries
      secrets: appSecrets
    }
    template: {
      containers: [
        {
          name: 'worker'
          image: workerImage
          resources: {
            // 1 vCPU / 2 GiB: Zoom/Graph calls are I/O bound; one vCPU runs the configured pollers comfortably
            cpu: json('1.0')
            memory: '2Gi'
          }
          env: workerEnv
          probes: workerProbes
          volumeMounts: temporalTlsMounts
        }
      ]
      volumes: temporalTlsVolumes
      scale: {
        minReplicas: workerMinReplicas
        maxReplicas: workerMaxReplicas
        rules: workerScaleRules
      }
    }
  }
}

output apiUrl string = 'https://${api.properties.configuration.ingress.fqdn}'
output webhookBaseUrl string = effectiveWebhookBaseUrl
output apiName string = api.name
output workerName string = worker.name
