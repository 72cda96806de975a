export default function AdminTenantsPage() {
  return null;
}
