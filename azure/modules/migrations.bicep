// The migrations job, deployed in the first pass (before the api and the worker exist): it applies the schema
// as the PostgreSQL administrator (owner of the tables) and then brings the apps' least-privilege role up to
// date (azure/scripts/migrate.sh, app-role.sql). It reads only the two database secrets, which the template
// itself writes to Key Vault, so its Key Vault references resolve before the operator stored anything.
// Convention shared with apps.bicep (DeploymentConsistencyTest): the env list is the var migrationsEnv.

@description('Azure region.')
param location string

@description('Resource id of the Container Apps environment.')
param environmentId string

@description('Resource id of the user-assigned identity that pulls images and reads Key Vault.')
param identityId string

@description('Login server of the container registry, e.g. myacr.azurecr.io.')
param registryServer string

@description('Key Vault URI, ending with a slash.')
param keyVaultUri string

param name string
param image string

@description('JDBC URL of the booking database (TLS settings included).')
param databaseUrl string

@description('The administrator login: Liquibase creates and owns the tables.')
param adminUsername string

@description('The apps\' role, created or updated by the job after the schema.')
param appUsername string

var secrets = [
  {
    name: 'database-password'
    keyVaultUrl: '${keyVaultUri}secrets/database-password'
    identity: identityId
  }
  {
    name: 'database-app-password'
    keyVaultUrl: '${keyVaultUri}secrets/database-app-password'
    identity: identityId
  }
]

// MigrateCommand reads the DATABASE_* three; migrate.sh also the APP_DATABASE_* two
var migrationsEnv = [
  {
    name: 'DATABASE_URL'
    value: databaseUrl
  }
  {
    name: 'DATABASE_USERNAME'
    value: adminUsername
  }
  {
    name: 'DATABASE_PASSWORD'
    secretRef: 'database-password'
  }
  {
    name: 'APP_DATABASE_USERNAME'
    value: appUsername
  }
  {
    name: 'APP_DATABASE_PASSWORD'
    secretRef: 'database-app-password'
  }
]

resource migrationsJob 'Microsoft.App/jobs@2024-03-01' = {
  name: name
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      // started by the operator (az containerapp job start) before each rollout, never on a schedule
      triggerType: 'Manual'
      // 15 minutes: Liquibase waits for its lock, then applies DDL; a run longer than that is stuck, not slow
      replicaTimeout: 900
      // one retry covers a dropped connection; a broken changeset fails twice and stops the rollout
      replicaRetryLimit: 1
      manualTriggerConfig: {
        // one replica: a second one would only wait for Liquibase's lock
        parallelism: 1
        replicaCompletionCount: 1
      }
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
      secrets: secrets
    }
    template: {
      containers: [
        {
          name: 'migrations'
          image: image
          resources: {
            // 0.5 vCPU / 1 GiB: the smallest pair that starts Liquibase without swapping the JIT to a crawl
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: migrationsEnv
        }
      ]
    }
  }
}

output name string = migrationsJob.name
