// PostgreSQL Flexible Server for the booking store. The schema needs the extension btree_gist
// (exclusion constraint on bookings); Azure only lets CREATE EXTENSION run for extensions listed in
// the server parameter azure.extensions, so it is allow-listed here before the migrations job runs.

@description('Azure region.')
param location string

@description('Globally unique server name (becomes <name>.postgres.database.azure.com).')
param name string

@description('Administrator login; only the migrations job connects as this role, the apps use a least-privilege role (README).')
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

// No default on purpose: with auto-grow on, Azure enlarges the disk by itself, and a deployment that names a
// smaller size than the current one fails (storage cannot shrink). The caller passes the current size.
@description('Storage size in GB: at least the server\'s current size (az postgres flexible-server show --query storage.storageSizeGb).')
// 32 GB to 32767 GB (32 TiB): the range of sizes Flexible Server offers
@minValue(32)
@maxValue(32767)
param storageSizeGB int

@description('Let Azure grow the disk when free space runs low (then storageSizeGB must follow the current size).')
param storageAutoGrow bool

@description('Private access: the server lives in a delegated subnet, no public endpoint, no firewall rules.')
param privateNetworking bool

@description('Private networking only: the delegated subnet and the private DNS zone.')
param delegatedSubnetId string = ''
param privateDnsZoneId string = ''

@description('Public access only: add the 0.0.0.0 firewall rule, which admits connections from any Azure resource of any tenant (password and TLS still apply).')
param allowAllAzureServices bool = false

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
      autoGrow: storageAutoGrow ? 'Enabled' : 'Disabled'
    }
    backup: {
      // 14 days of point-in-time restore: two weekly release cycles can be rolled back to
      backupRetentionDays: 14
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: highAvailabilityMode
    }
    // private: reachable only inside the VNet (the network mode is fixed when the server is created);
    // public: TLS (require_secure_transport is on by default) and the firewall, which admits nobody unless
    // allowAllAzureServices adds the rule below
    network: privateNetworking ? {
      delegatedSubnetResourceId: delegatedSubnetId
      privateDnsZoneArmResourceId: privateDnsZoneId
      publicNetworkAccess: 'Disabled'
    } : {
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

// 0.0.0.0-0.0.0.0 is Azure's convention for "connections from Azure services" (of every tenant, not only ours):
// Container Apps without a VNet has no fixed outbound IP to list instead. Only when a parameter asks for it;
// private networking needs no firewall rule at all.
resource allowAzureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (!privateNetworking && allowAllAzureServices) {
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
