// Key Vault holding every secret the apps read. RBAC mode: the apps' user-assigned identity gets
// "Key Vault Secrets User" (read secret values, nothing else). Operators set the secrets with
// `az keyvault secret set` (azure/README.md); only the two database passwords are written here, from the
// secure deployment parameters, so that PostgreSQL, the migrations job and the apps always agree on them.

@description('Azure region.')
param location string

@description('Globally unique vault name (3-24 characters).')
param name string

@description('Principal id of the identity that reads the secrets (the apps\' user-assigned identity).')
param readerPrincipalId string

@description('default: create or update; recover: bring back a soft-deleted vault of this name (azure/README.md, "Key Vault in deleted state").')
@allowed([
  'default'
  'recover'
])
param createMode string = 'default'

@secure()
@description('PostgreSQL administrator password (migrations job), stored as the secret database-password.')
param databasePassword string

@secure()
@description('Password of the apps\' least-privilege database role, stored as the secret database-app-password.')
param databaseAppPassword string

// built-in role "Key Vault Secrets User"
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  properties: {
    createMode: createMode
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    // 90 days, the maximum: a secret deleted by mistake stays recoverable for a full quarter
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    // Container Apps resolves Key Vault references over the vault's public endpoint (RBAC still decides who reads);
    // a private endpoint for the vault is not part of this template, so it stays enabled also with privateNetworking
    publicNetworkAccess: 'Enabled'
  }
}

resource databasePasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-password'
  properties: {
    value: databasePassword
    contentType: 'text/plain'
  }
}

resource databaseAppPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-app-password'
  properties: {
    value: databaseAppPassword
    contentType: 'text/plain'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, readerPrincipalId, keyVaultSecretsUserRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name
output id string = vault.id
// ends with a slash: secret URLs are '${vaultUri}secrets/<name>'
output vaultUri string = vault.properties.vaultUri
