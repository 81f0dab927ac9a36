// Sales-meeting booking backend on Azure Container Apps (see azure/README.md).
//
// Two passes:
//   1. deployApps=false: Log Analytics, the apps' identity, Key Vault (+ the two database passwords),
//      the network (privateNetworking), PostgreSQL Flexible Server (btree_gist allowed), the Container Apps
//      environment and the migrations job, which reads only the secrets this template writes. The operator
//      runs the job (schema + the apps' database role) and stores the other secrets in Key Vault.
//   2. deployApps=true adds the worker, then the api (their Key Vault references must resolve when they are
//      created, and the schema must exist before they start).
// No secret value lives in this repository: the PostgreSQL passwords are secure parameters, the rest
// is set with `az keyvault secret set`.
targetScope = 'resourceGroup'

// --- placement and naming -------------------------------------------------------------------------

@description('Azure region; defaults to the resource group\'s.')
param location string = resourceGroup().location

// 3-12 characters: '<prefix>-worker' / '<prefix>-migrate' stay under the 32-character app name limit
@description('Lower-case letters and digits, starting with a letter; prefixes every resource name.')
@minLength(3)
@maxLength(12)
param namePrefix string = 'salesbook'

@description('Second pass: create the api, the worker and the migrations job.')
param deployApps bool = false

// --- images --------------------------------------------------------------------------------------

@description('Existing Azure Container Registry in this resource group that holds the images.')
param acrName string

@description('Image tags, one per app, so a rollout can move them in order: migrations, worker, api.')
param apiImageTag string = 'latest'
param workerImageTag string = 'latest'
param migrationsImageTag string = 'latest'

// --- PostgreSQL ----------------------------------------------------------------------------------

@description('PostgreSQL administrator login: the migrations job only (owner of the schema).')
param postgresAdminLogin string = 'bookingadmin'

@secure()
@description('PostgreSQL administrator password; written to Key Vault as database-password. Pass it on the command line, never in a parameters file.')
param postgresAdminPassword string

@description('The apps\' least-privilege database role (data access, no DDL), created by the migrations job.')
param postgresAppLogin string = 'booking_app'

@secure()
@description('Password of postgresAppLogin; written to Key Vault as database-app-password. Command line only, like the administrator password.')
param postgresAppPassword string

@description('PostgreSQL major version (local mode and tests use 17; anything from 13 has btree_gist).')
param postgresVersion string = '16'

// General Purpose 2 vCores: max_connections 859 covers (apiMaxReplicas + workerMaxReplicas) x databasePoolSize = 200
param postgresSkuName string = 'Standard_D2ds_v5'
param postgresSkuTier string = 'GeneralPurpose'

// No default: with auto-grow on, Azure grows the disk by itself and a deployment naming a smaller size fails
// (storage never shrinks). First deployment: 32 (the smallest size; bookings are small rows); afterwards the
// deployment commands in azure/README.md pass the server's current size.
@description('PostgreSQL storage in GB, at least the server\'s current size: az postgres flexible-server show -g <rg> -n <server> --query storage.storageSizeGb')
// 32 GB to 32767 GB (32 TiB): the range of sizes Flexible Server offers
@minValue(32)
@maxValue(32767)
param postgresStorageSizeGB int

@description('Azure grows the disk when it runs low (on: postgresStorageSizeGB must follow the current size; off: alert on storage_percent instead).')
param postgresStorageAutoGrow bool = true

@description('Disabled, ZoneRedundant or SameZone; ZoneRedundant doubles the cost and survives a zone outage.')
param postgresHighAvailabilityMode string = 'Disabled'

param databaseName string = 'salesbooking'

// --- network ---------------------------------------------------------------------------------------

@description('true: VNet-integrated Container Apps environment and PostgreSQL with private access (no public endpoint, no firewall rule); Temporal may then be plaintext on the private network. Fixed when the environment and the server are created.')
param privateNetworking bool = true

@description('privateNetworking=false only: add PostgreSQL\'s 0.0.0.0 firewall rule ("Azure services"), which admits resources of every Azure tenant; without it, or private networking, the apps cannot reach the database.')
param postgresAllowAllAzureServices bool = false

// 10.40.0.0/16: a private range unlikely to collide with a peered corporate network; change it before the first deployment if it does
param vnetAddressPrefix string = '10.40.0.0/16'
// /23 (512 addresses): each replica and job execution takes an address from the environment's subnet; 20 app replicas,
// the job and the platform's own infrastructure fit many times over (a workload-profiles environment needs at least /27)
param appsSubnetPrefix string = '10.40.0.0/23'
// /27: the PostgreSQL subnet holds the server (and its standby with high availability) and nothing else
param postgresSubnetPrefix string = '10.40.2.0/27'

// --- Key Vault -------------------------------------------------------------------------------------

@description('Changes the Key Vault name. A vault is soft-deleted with its resource group and keeps its name for 90 days (purge protection): set a new salt to start with a fresh vault instead of recovering the old one.')
param keyVaultNameSalt string = ''

@description('default, or recover: bring back the soft-deleted vault of this name (after the resource group was deleted and created again); set default again afterwards.')
@allowed([
  'default'
  'recover'
])
param keyVaultCreateMode string = 'default'

// 10 connections per replica: the default of DATABASE_POOL_SIZE; see postgresSkuName for the total
param databasePoolSize int = 10

// --- application settings (names of the environment variables in brackets) ----------------------

@description('Public booking page, used in email links (BASE_URL).')
param baseUrl string

@description('Public address of the api for Graph webhook notifications (WEBHOOK_BASE_URL); empty = the api\'s Container Apps URL.')
param webhookBaseUrl string = ''

@description('Hold time-to-live, ISO-8601 (BOOKING_HOLD_TTL); 10 minutes as in booking-defaults.yml.')
param bookingHoldTtl string = 'PT10M'

@description('Attendance window after a meeting, ISO-8601 (BOOKING_ATTENDANCE_WINDOW); 30 days as in booking-defaults.yml.')
param bookingAttendanceWindow string = 'P30D'

@description('Issuer of customer tokens (TOKEN_ISSUER).')
param tokenIssuer string = 'salesbooking'

@description('Key id (not the key) in token-signing-keys that signs new tokens (TOKEN_ACTIVE_KEY_ID).')
param tokenActiveKeyId string

@description('Entra app registration (client) id for Microsoft Graph (GRAPH_CLIENT_ID).')
param graphClientId string

param graphBaseUrl string = 'https://graph.microsoft.com/v1.0'
param graphAuthorityHost string = 'https://login.microsoftonline.com/'

@description('Zoom Server-to-Server OAuth app configured (ZOOM_*); false for Teams-only deployments.')
param zoomEnabled bool = true
param zoomBaseUrl string = 'https://api.zoom.us/v2'
param zoomTokenUrl string = 'https://zoom.us/oauth/token'
param zoomAccountId string = ''
param zoomClientId string = ''

@description('Some tenants bring their own Zoom account: Key Vault secret zoom-tenant-credentials exists (ZOOM_TENANT_CREDENTIALS).')
param zoomTenantCredentialsEnabled bool = false

// --- Temporal ------------------------------------------------------------------------------------

@description('Temporal frontend host:port (TEMPORAL_ADDRESS). Temporal Cloud: <region>.<cloud>.api.temporal.io:7233 with an API key, <namespace>.<account>.tmprl.cloud:7233 with mTLS; self-hosted: its frontend address.')
param temporalAddress string

@description('Temporal namespace (TEMPORAL_NAMESPACE); on Temporal Cloud <namespace>.<account>.')
param temporalNamespace string

@description('apiKey: Key Vault secret temporal-api-key (TLS); mtls: temporal-tls-cert + temporal-tls-key (PEM, key in PKCS#8); tls: TLS without client credentials (self-hosted); none: plaintext, only with privateNetworking=true (otherwise the apps use TLS anyway).')
@allowed([
  'apiKey'
  'mtls'
  'tls'
  'none'
])
param temporalAuthMode string = 'apiKey'

// --- scaling (reasons in azure/README.md, "Scaling") ---------------------------------------------

@description('temporal: KEDA backlog rule + CPU rule; cpu: CPU rule only (Container Apps has rejected custom type temporal, microsoft/azure-container-apps#1588).')
@allowed([
  'temporal'
  'cpu'
])
param workerScaleMode string = 'cpu'

// 2: one replica per fault domain, so a crash or a platform move never leaves the public api dark
param apiMinReplicas int = 2
// 10: with 50 concurrent requests each, 500 in flight, far above the expected peak of booking traffic
param apiMaxReplicas int = 10
// 50 in-flight requests per replica: confirms hold a request thread for a whole saga (seconds), so
// concurrency, not request rate, is what saturates a replica; 50 stays well under Tomcat's 200 threads
param apiConcurrentRequestsPerReplica int = 50

// 2: Updates (verify, confirm) wait synchronously for a worker; a second replica keeps them fast while one restarts
param workerMinReplicas int = 2
// 10: together with the api's 10 replicas x 10 connections the database stays under its connection limit
param workerMaxReplicas int = 10
// 5 queued tasks per replica: more means tasks wait longer than about one provider round-trip (~1 s)
param workerTargetQueueSize int = 5
// 70% of the vCPU: leaves headroom for GC and bursts before task latency grows
param workerCpuUtilization int = 70

// --- names -----------------------------------------------------------------------------------------

var prefix = toLower(namePrefix)
var suffix = uniqueString(resourceGroup().id)
// the salt only changes the vault's name (see keyVaultNameSalt); the other names stay stable
var keyVaultName = take('${prefix}kv${empty(keyVaultNameSalt) ? suffix : uniqueString(resourceGroup().id, keyVaultNameSalt)}', 24)
var postgresServerName = '${prefix}-pg-${suffix}'
var apiName = '${prefix}-api'
var workerName = '${prefix}-worker'
var migrationsJobName = '${prefix}-migrate'

// built-in role "AcrPull"
var acrPullRoleId = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

// --- shared infrastructure -------------------------------------------------------------------------

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: '${prefix}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    // 30 days: the retention included in the price; audits live in PostgreSQL, not in logs
    retentionInDays: 30
  }
}

resource appsIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${prefix}-apps'
  location: location
}

resource acr 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = {
  name: acrName
}

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: acr
  name: guid(acr.id, appsIdentity.id, acrPullRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPullRoleId)
    principalId: appsIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    name: keyVaultName
    createMode: keyVaultCreateMode
    readerPrincipalId: appsIdentity.properties.principalId
    databasePassword: postgresAdminPassword
    databaseAppPassword: postgresAppPassword
  }
}

module network 'modules/network.bicep' = if (privateNetworking) {
  name: 'network'
  params: {
    location: location
    prefix: prefix
    postgresServerName: postgresServerName
    addressPrefix: vnetAddressPrefix
    appsSubnetPrefix: appsSubnetPrefix
    postgresSubnetPrefix: postgresSubnetPrefix
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    location: location
    name: postgresServerName
    administratorLogin: postgresAdminLogin
    administratorPassword: postgresAdminPassword
    databaseName: databaseName
    version: postgresVersion
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    storageSizeGB: postgresStorageSizeGB
    storageAutoGrow: postgresStorageAutoGrow
    highAvailabilityMode: postgresHighAvailabilityMode
    privateNetworking: privateNetworking
    delegatedSubnetId: privateNetworking ? network.outputs.postgresSubnetId : ''
    privateDnsZoneId: privateNetworking ? network.outputs.privateDnsZoneId : ''
    allowAllAzureServices: postgresAllowAllAzureServices
  }
  // with private access the DNS zone must be linked to the VNet before the server registers its record
  dependsOn: [
    network
  ]
}

// verify-full checks the server certificate and host name against the JVM trust store (Azure's PostgreSQL
// certificates chain to roots that Temurin's cacerts contains); with private access the name stays the same
// (it resolves through the private DNS zone), so does the check
var databaseUrl = 'jdbc:postgresql://${postgres.outputs.fqdn}:5432/${postgres.outputs.databaseName}?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory'

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${prefix}-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logAnalytics.properties.customerId
        sharedKey: logAnalytics.listKeys().primarySharedKey
      }
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
    // private networking: the environment lives in the VNet (fixed at creation), so the apps reach PostgreSQL's
    // private address; internal: false keeps the api's ingress public
    vnetConfiguration: privateNetworking ? {
      infrastructureSubnetId: network.outputs.appsSubnetId
      internal: false
    } : null
  }
}

// --- migrations job (first pass) -------------------------------------------------------------------

module migrations 'modules/migrations.bicep' = {
  name: 'migrations'
  params: {
    location: location
    environmentId: environment.id
    identityId: appsIdentity.id
    registryServer: acr.properties.loginServer
    keyVaultUri: keyVault.outputs.vaultUri
    name: migrationsJobName
    image: '${acr.properties.loginServer}/salesbooking-migrations:${migrationsImageTag}'
    databaseUrl: databaseUrl
    adminUsername: postgresAdminLogin
    appUsername: postgresAppLogin
  }
  dependsOn: [
    acrPull
  ]
}

// --- applications (second pass) --------------------------------------------------------------------

module apps 'modules/apps.bicep' = if (deployApps) {
  name: 'apps'
  params: {
    location: location
    environmentId: environment.id
    environmentDefaultDomain: environment.properties.defaultDomain
    identityId: appsIdentity.id
    registryServer: acr.properties.loginServer
    keyVaultUri: keyVault.outputs.vaultUri
    apiName: apiName
    workerName: workerName
    apiImage: '${acr.properties.loginServer}/salesbooking-api:${apiImageTag}'
    workerImage: '${acr.properties.loginServer}/salesbooking-worker:${workerImageTag}'
    databaseUrl: databaseUrl
    databaseUsername: postgresAppLogin
    databasePoolSize: databasePoolSize
    baseUrl: baseUrl
    webhookBaseUrl: webhookBaseUrl
    bookingHoldTtl: bookingHoldTtl
    bookingAttendanceWindow: bookingAttendanceWindow
    temporalAddress: temporalAddress
    temporalNamespace: temporalNamespace
    temporalAuthMode: temporalAuthMode
    privateNetworking: privateNetworking
    tokenIssuer: tokenIssuer
    tokenActiveKeyId: tokenActiveKeyId
    graphClientId: graphClientId
    graphBaseUrl: graphBaseUrl
    graphAuthorityHost: graphAuthorityHost
    zoomEnabled: zoomEnabled
    zoomBaseUrl: zoomBaseUrl
    zoomTokenUrl: zoomTokenUrl
    zoomAccountId: zoomAccountId
    zoomClientId: zoomClientId
    zoomTenantCredentialsEnabled: zoomTenantCredentialsEnabled
    workerScaleMode: workerScaleMode
    apiMinReplicas: apiMinReplicas
    apiMaxReplicas: apiMaxReplicas
    apiConcurrentRequestsPerReplica: apiConcurrentRequestsPerReplica
    workerMinReplicas: workerMinReplicas
    workerMaxReplicas: workerMaxReplicas
    workerTargetQueueSize: workerTargetQueueSize
    workerCpuUtilization: workerCpuUtilization
  }
  dependsOn: [
    acrPull
    // the schema comes from the job, which exists since the first pass
    migrations
  ]
}

output keyVaultName string = keyVault.outputs.name
output postgresFqdn string = postgres.outputs.fqdn
output environmentName string = environment.name
output apiName string = apiName
output workerName string = workerName
output migrationsJobName string = migrations.outputs.name
output postgresServerName string = postgresServerName
output apiUrl string = deployApps ? apps.outputs.apiUrl : ''
