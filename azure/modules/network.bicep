// Private networking (main.bicep parameter privateNetworking=true): one virtual network with a subnet for the
// Container Apps environment and a subnet delegated to PostgreSQL Flexible Server (private access), plus the
// private DNS zone through which the apps resolve the server's name to its private address. Nothing here has
// a public address; the api stays reachable from the internet through the environment's external ingress.

@description('Azure region.')
param location string

@description('Name prefix of the network resources.')
param prefix string

@description('Name of the PostgreSQL server; its private DNS zone is <name>.private.postgres.database.azure.com.')
param postgresServerName string

@description('Address space of the virtual network.')
param addressPrefix string

@description('Subnet of the Container Apps environment (workload profiles: /27 or larger).')
param appsSubnetPrefix string

@description('Subnet delegated to PostgreSQL Flexible Server.')
param postgresSubnetPrefix string

resource vnet 'Microsoft.Network/virtualNetworks@2023-11-01' = {
  name: '${prefix}-vnet'
  location: location
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'apps'
        properties: {
          addressPrefix: appsSubnetPrefix
          // a workload-profiles environment needs its subnet delegated to Microsoft.App/environments
          delegations: [
            {
              name: 'container-apps'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'postgres'
        properties: {
          addressPrefix: postgresSubnetPrefix
          // private access: the server gets an address in this subnet, which nothing else may use
          delegations: [
            {
              name: 'postgres-flexible'
              properties: {
                serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers'
              }
            }
          ]
        }
      }
    ]
  }
}

// Flexible Server with private access registers its A record in a private DNS zone whose name ends in
// .postgres.database.azure.com; linking it to the VNet lets the apps resolve <server>.postgres.database.azure.com
// (a CNAME into this zone) to the private address, so the JDBC URL and TLS host name check stay unchanged.
resource dnsZone 'Microsoft.Network/privateDnsZones@2020-06-01' = {
  name: '${postgresServerName}.private.postgres.database.azure.com'
  location: 'global'
}

resource dnsLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  parent: dnsZone
  name: '${prefix}-vnet-link'
  location: 'global'
  properties: {
    // the server registers its own record; VMs in the VNet must not
    registrationEnabled: false
    virtualNetwork: {
      id: vnet.id
    }
  }
}

output appsSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, 'apps')
output postgresSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, 'postgres')
// the server must be created after the link exists, or its name does not resolve inside the VNet at first
output privateDnsZoneId string = dnsZone.id
output dnsLinkId string = dnsLink.id
