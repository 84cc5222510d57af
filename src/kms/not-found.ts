/** AWS's NotFoundException messages for keys and aliases, shared by resolution and updates. */
import { NotFoundException } from './errors.js'

export const keyNotFound = (keyArn: string): NotFoundException => new NotFoundException(`Key '${keyArn}' does not exist`)

export const aliasNotFound = (aliasArn: string): NotFoundException => new NotFoundException(`Alias ${aliasArn} is not found.`)
