resource "aws_ecr_repository" "this" {
  for_each = toset(var.repository_names)

  name                 = each.value
  image_tag_mutability = "IMMUTABLE"
  force_delete         = var.force_delete

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "AES256"
  }
}

# What an environment runs or can roll back to never expires: CD tags each image it deploys <environment>-<sha>
# once the service is stable on it (tags are immutable, so every deployment adds one), and for each environment a
# rule keeps the deployed_images_kept images most recently pushed among those. Rules go from the last environment
# of the promotion order (production) to the first: ECR never lets a lower-priority rule expire an image a higher
# one selects by its tags, so an image production still needs is never expired for being old in dev. What no
# environment ever ran expires: untagged manifests (interrupted pushes) after 7 days, plain build images (tagged
# only with their commit SHA) after build_images_kept_days. Once pushed, an image's age is its push time:
# deploying it later does not make it younger.
locals {
  deployment_rules = [
    for index, environment in reverse(var.deployment_environments) : {
      rulePriority = index + 1
      description  = "Keep the ${var.deployed_images_kept} images most recently deployed to ${environment} (tagged ${environment}-<sha> by CD)"
      selection = {
        tagStatus     = "tagged"
        tagPrefixList = ["${environment}-"]
        countType     = "imageCountMoreThan"
        countNumber   = var.deployed_images_kept
      }
      action = { type = "expire" }
    }
  ]

  lifecycle_rules = concat(local.deployment_rules, [
    {
      rulePriority = length(local.deployment_rules) + 1
      description  = "Expire untagged manifests (interrupted pushes) after 7 days"
      selection = {
        tagStatus   = "untagged"
        countType   = "sinceImagePushed"
        countUnit   = "days"
        countNumber = 7
      }
      action = { type = "expire" }
    },
    {
      # tagStatus any must be the last rule; it sees only images no rule above selected by their tags.
      rulePriority = length(local.deployment_rules) + 2
      description  = "Expire build images no environment ran, ${var.build_images_kept_days} days after their push"
      selection = {
        tagStatus   = "any"
        countType   = "sinceImagePushed"
        countUnit   = "days"
        countNumber = var.build_images_kept_days
      }
      action = { type = "expire" }
    },
  ])
}

resource "aws_ecr_lifecycle_policy" "this" {
  for_each = aws_ecr_repository.this

  repository = each.value.name
  policy     = jsonencode({ rules = local.lifecycle_rules })
}
