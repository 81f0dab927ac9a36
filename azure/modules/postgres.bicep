// PostgreSQL Flexible Server for the booking store. The schema needs the extension btree_gist
// (exclusion constraint on bookings); Azure only lets CREATE EXTENSION run for extensions listed in
// the server parameter azure.extensions, so it is allow-listed here before the migrations job runs.

@description('Azure region.')
param location string

@description('Globally unique server name (becomes <name>.postgres.database.azure.com).')
param name string

@description('Administrator login; the migrations job and the apps connect as this role (see README: least privilege).')
param administratorLogin string

@secure()
@description('Administrator password (the same value is stored in Key Vault as database-password).')
param administratorPassword string

@description('Database the apps use.')
param databaseName string

@description('PostgreSQL major version.')
param version string

@description('Compute SKU, e.g. Standard_D2ds_v5 (GeneralPurpose) or Standard_B2s (Burstable).')
param skuName string

@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param skuTier string

@description('Storage size in GB; autogrow is on.')
param storageSizeGB int

@allowed([
  'Disabled'
  'ZoneRedundant'
  'SameZone'
])
param highAvailabilityMode string

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: version
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorPassword
    authConfig: {
      activeDirectoryAuth: 'Disabled'
      passwordAuth: 'Enabled'
    }
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      // 14 days of point-in-time restore: two weekly release cycles can be rolled back to
      backupRetentionDays: 14
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: highAvailabilityMode
    }
    network: {
      // public endpoint restricted by the firewall rule below and TLS (require_secure_transport is on by default);
      // a VNet-integrated environment with private access is the hardening step (README)
      publicNetworkAccess: 'Enabled'
    }
  }
}

// Flexible Server rejects concurrent operations on one server ("ServerIsBusy"): the children below are chained.
resource extensions 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'azure.extensions'
  properties: {
    value: 'BTREE_GIST'
    source: 'user-override'
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
  dependsOn: [
    extensions
  ]
}

// 0.0.0.0-0.0.0.0 is Azure's convention for "connections from Azure services": Container Apps on the
// Consumption plan has no fixed outbound IP to list instead.
resource allowAzureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: server
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
  dependsOn: [
    database
  ]
}

output fqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
