# The AWS deployment of the service. Nothing here runs on the development machines: CI checks these
# files statically (`make infra-check`: checkov). See README.md beside this file.
terraform {
  required_version = ">= 1.9.0" # variable validations that refer to other variables

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }

  # State holds the generated database and Redis passwords: keep it in an encrypted, versioned bucket
  # that only the deploying role can read. Configure with `terraform init -backend-config=...`.
  backend "s3" {}
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Service     = var.name
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

# The zones named, and only those: a zone AWS adds later does not move subnets.
data "aws_availability_zones" "available" {
  state = "available"
  filter {
    name   = "zone-name"
    values = var.availability_zones
  }
}

locals {
  prefix     = "${var.name}-${var.environment}"
  account_id = data.aws_caller_identity.current.account_id
  azs        = data.aws_availability_zones.available.names
}
