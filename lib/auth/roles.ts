// Roles and what they may do. Keys map onto the same permissions through their scopes.
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export type Permission = "read" | "operate" | "admin";

const GRANTS: Record<Role, Permission[]> = {
  viewer: ["read"],
  operator: ["read", "operate"],
  admin: ["read", "operate", "admin"],
};

export function roleCan(role: Role, permission: Permission): boolean {
  return GRANTS[role]?.includes(permission) ?? false;
}

export function parseRole(text: string): Role {
  if (!(ROLES as readonly string[]).includes(text)) throw new Error(`unknown role ${JSON.stringify(text)}; use ${ROLES.join(", ")}`);
  return text as Role;
}

export const USERNAME = /^[A-Za-z0-9_.@-]{1,64}$/;
